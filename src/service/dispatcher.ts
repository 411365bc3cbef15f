import { randomUUID } from 'node:crypto';

import type { z } from 'zod';

import type { ApiErrorBody, InputIssue, Result } from '../contract/api-error';
import { clip } from '../clip';
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

/** An answer names the first few problems only: a list of 100k bad items is one mistake made 100k times, not 18 MB of reasons. */
const MAX_ISSUES = 20;
/** Per issue: zod lists every unrecognised key in one message. */
const MAX_ISSUE_CHARS = 300;

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
      return failure({ code: 'unknown_request', message: `${unknownName(name)} This window may be newer or older than its core: reload it.` });
    }
    const spec = requests[name];
    const parsed = parseInput(name, spec.input, input);
    if (!parsed.ok) return parsed;

    const timeoutMs = 'timeoutMs' in spec ? spec.timeoutMs : defaultTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    const handler = handlers[name] as (input: unknown, context: HandlerContext) => Promise<unknown>;

    try {
      const value = await raceAbort(handler(parsed.value, { signal }), signal);
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

/** The input as its schema reads it, or `invalid_input` naming the first few problems. */
function parseInput(name: RequestName, schema: z.ZodType, input: unknown): Result<unknown> {
  let parsed: ReturnType<z.ZodType['safeParse']>;
  try {
    parsed = schema.safeParse(input);
  } catch {
    // Every array and string has a maximum, so this should not happen; if some shape still
    // exhausts zod's stack, the caller hears it was refused, not a bare failure of the host.
    return failure({ code: 'invalid_input', message: `The request ${name} was refused: its input is too large or too deeply nested to check.` });
  }
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: clip(issue.path.map(String).join('.'), MAX_ISSUE_CHARS),
    message: clip(issue.message, MAX_ISSUE_CHARS),
  }));
  const more = parsed.error.issues.length - issues.length;
  const listed = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  return failure({
    code: 'invalid_input',
    message: `The request ${name} was refused: ${listed}${more > 0 ? ` (and ${more} more problems)` : ''}.`,
    issues,
  });
}

/** What is wrong with a name, quoting it short whatever the caller sent. */
function unknownName(name: unknown): string {
  if (typeof name === 'string') return `Ops Console has no request called ${clip(JSON.stringify(name), 100)}.`;
  return `A request is named by a string such as "app.info", not by ${name === null ? 'null' : Array.isArray(name) ? 'an array' : `a value of type ${typeof name}`}.`;
}
