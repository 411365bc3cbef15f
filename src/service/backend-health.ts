import type { BackendStatus } from '../contract/wire-types';
import type { BackendIdentity } from '../backends/backend-set';
import { httpAnswer } from '../backends/http-answer';
import { BackendUnavailableError, CancelledError, OpsError, describeError } from '../errors';

/**
 * Remembers how each backend answered last, so every panel can say "Graphite down since 14:02:
 * connection refused" while it keeps showing its last good data.
 */
export interface BackendHealth {
  statuses(): BackendStatus[];
  /** Runs one call to a backend and records the outcome. Failures are rethrown as errors the person on call can read. */
  track<T>(backend: BackendIdentity, call: () => Promise<T>): Promise<T>;
  /** For streaming backends (logs), which report instead of being called. */
  report(backend: BackendIdentity, error: Error | null): void;
}

export function createBackendHealth(
  backends: BackendIdentity[],
  onChange: (statuses: BackendStatus[]) => void,
  now: () => number = Date.now,
): BackendHealth {
  const table = new Map<string, BackendStatus>(
    backends.map((b) => [
      b.id,
      { id: b.id, kind: b.kind, name: b.name, state: 'unknown', checkedAt: null, lastOkAt: null, message: null },
    ]),
  );

  const record = (backend: BackendIdentity, error: Error | null) => {
    const before = table.get(backend.id);
    const at = now();
    const next: BackendStatus = {
      id: backend.id,
      kind: backend.kind,
      name: backend.name,
      state: error ? stateOf(error) : 'ok',
      checkedAt: at,
      lastOkAt: error ? (before?.lastOkAt ?? null) : at,
      message: error ? describeError(error) : null,
    };
    table.set(backend.id, next);
    if (before?.state !== next.state || before.message !== next.message) onChange([...table.values()]);
  };

  return {
    statuses: () => [...table.values()],
    async track(backend, call) {
      try {
        const result = await call();
        record(backend, null);
        return result;
      } catch (error) {
        // A request the user abandoned says nothing about the backend's health.
        if (error instanceof CancelledError || isAbort(error)) throw error;
        // A backend that refused one request (a bad target, a flag that is gone, a write this
        // token may not make) answered: it is up.
        if (error instanceof OpsError && ANSWERED.has(error.code)) {
          record(backend, null);
          throw error;
        }
        const readable =
          error instanceof OpsError
            ? error
            : new BackendUnavailableError(`${backend.name} failed: ${describeError(error)}`, { cause: error });
        // A flip never sent because the read before it failed: the backend's state is that read's.
        record(backend, readable.code === 'not_sent' && readable.cause instanceof Error ? readable.cause : readable);
        throw readable;
      }
    },
    report: record,
  };
}

const ANSWERED = new Set<string>(['invalid_input', 'not_found', 'conflict', 'forbidden']);

/** Not every failure is "down": a backend that refuses our credentials, or says slow down, is there. */
function stateOf(error: Error): BackendStatus['state'] {
  const status = httpAnswer(error)?.status;
  return status === 401 ? 'credentials_refused' : status === 429 ? 'rate_limited' : 'down';
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
