import { ApiError, ResultEnvelope } from './api-error';
import type { CancelSignal, OpsBridge } from './bridge';
import type { EventName, EventPayload } from './events';
import type { RequestInput, RequestName, RequestOutput } from './requests';

export interface OpsClient {
  /**
   * Resolves with the output, or rejects with an `ApiError` (branch on its `code`). Aborting
   * `signal` stops the request where the bridge can, and rejects with code `cancelled`.
   */
  request<N extends RequestName>(name: N, input: RequestInput<N>, signal?: CancelSignal): Promise<RequestOutput<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The typed face of a bridge. Outputs are trusted: the core validated inputs and built the outputs. */
export function createOpsClient(bridge: OpsBridge): OpsClient {
  return {
    async request(name, input, signal) {
      if (signal?.aborted) throw cancelled(name);
      let raw: unknown;
      try {
        raw = await bridge.request(name, input, signal);
      } catch (cause) {
        // The caller gave up on it: not a dead host, so nothing to show as a failure.
        if (signal?.aborted) throw cancelled(name);
        // The transport itself failed (host gone, connection refused): not an answer from the core.
        throw new ApiError({
          code: 'backend_unavailable',
          message: `Ops Console's core did not answer (${describe(cause)}). Is the app still running?`,
        });
      }
      const envelope = ResultEnvelope.safeParse(raw);
      if (!envelope.success) {
        throw new ApiError({ code: 'internal', message: 'The core sent an answer this window cannot read.' });
      }
      if (!envelope.data.ok) throw new ApiError(envelope.data.error);
      return envelope.data.value as never;
    },
    on(name, listener) {
      return bridge.on((event) => {
        if (event.name === name) listener(event.payload as never);
      });
    },
  };
}

function cancelled(name: string): ApiError {
  return new ApiError({ code: 'cancelled', message: `${name} was cancelled: a newer request replaced it.` });
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
