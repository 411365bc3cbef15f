import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import type { ApiErrorBody, InputIssue, Result } from '../contract/api-error';
import { isRequestName, requests } from '../contract/requests';
import type { ParsedInput, RequestName, RequestOutput } from '../contract/requests';
import { CancelledError, OpsError, TimeoutError } from '../errors';
import type { Logger } from '../log';

export interface HandlerContext {
  /** Aborts when the caller goes away or the request's time is up: pass it to every backend call. */
  signal: AbortSignal;
}

/** One handler per request; a missing or misspelt name is a compile error where these are declared. */
export type Handlers = {
  [N in RequestName]: (input: ParsedInput<N>, context: HandlerContext) => Promise<RequestOutput<N>>;
};

export type Dispatch = (name: unknown, input: unknown, signal?: AbortSignal) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  logger: Logger;
  /** For requests whose spec sets none. */
  defaultTimeoutMs?: number;
  /** Parse every output against its schema too: on in tests and development, where a mismatch is a bug to see. */
  checkOutputs?: boolean;
}

/**
 * The one entry point of every host (IPC, HTTP, in-process). It never throws: whatever happens
 * becomes a `Result`, so one bad request cannot take the host down.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  const { logger, defaultTimeoutMs = 10_000, checkOutputs = false } = options;

  return async (name, input, callerSignal) => {
    if (!isRequestName(name)) {
      return failure({
        code: 'unknown_request',
        message: `Ops Console has no request called ${JSON.stringify(name)}. This window may be newer or older than its core: reload it.`,
      });
    }
    const spec = requests[name];
    const parsed = spec.input.safeParse(input);
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      return failure({
        code: 'invalid_input',
        message: `The request ${name} was refused: ${issues.map(formatIssue).join('; ')}.`,
        issues,
      });
    }

    const timeoutMs = 'timeoutMs' in spec ? spec.timeoutMs : defaultTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const handler = handlers[name] as (input: unknown, context: HandlerContext) => Promise<unknown>;

    try {
      const value = await raceAbort(handler(parsed.data, { signal }), signal);
      if (checkOutputs) (spec.output as z.ZodType).parse(value);
      return { ok: true, value };
    } catch (error) {
      // A handler stopped by the deadline reports it as cancelled or as whatever its backend threw.
      if (timeout.aborted && (error instanceof CancelledError || !(error instanceof OpsError))) {
        return failure(new TimeoutError(`${name} took longer than ${timeoutMs / 1000} s and was stopped.`));
      }
      if (error instanceof OpsError) return failure(error);
      const incidentId = randomUUID().slice(0, 8);
      logger.error('request.failed', { request: name, incidentId, error });
      return failure({
        code: 'internal',
        message: `Something went wrong inside Ops Console while handling ${name} (incident ${incidentId} in its log).`,
        incidentId,
      });
    }
  };
}

/** Settle with the handler, or as soon as the signal aborts, whichever is first: a handler that ignores its signal cannot hold a caller. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledError('The request was cancelled.'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError('The request was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(error: ApiErrorBody | OpsError): Result<never> {
  if (error instanceof OpsError) {
    const issues = 'issues' in error ? (error.issues as InputIssue[]) : undefined;
    return { ok: false, error: { code: error.code, message: error.message, ...(issues?.length ? { issues } : {}) } };
  }
  return { ok: false, error };
}

function toIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function formatIssue(issue: InputIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
