import type { Flag, FlagSetting } from '../contract/wire-types';
import { BackendUnavailableError, ForbiddenError, InvalidInputError, NotFoundError, NotSentError, OpsError, describeError } from '../errors';
import { describeSetting, settingMatches } from './describe-setting';
import { FlagConflictError } from './flag-conflict';
import { httpAnswer } from '../backends/http-answer';

/** How long the re-read after a failed write may take: the write's own timeout has already been spent. */
const RE_READ_MS = 3_000;

/**
 * A flip that was sent but not confirmed (an error answer, a timeout, a dropped connection). It
 * says what a fresh read found: whether the change took effect, did not, or is unknown.
 */
export class FlagWriteUnconfirmedError extends BackendUnavailableError {
  constructor(
    message: string,
    /** The environment as read right after the failure; null when that read failed too. */
    readonly now: FlagSetting | null,
    /** true: the change is in place after all; false: it is not; null: unknown. */
    readonly applied: boolean | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One flag service's part of the protocol; `T` is what its fresh read of the environment holds (Unleash: the strategies too). */
export interface GuardedWrite<T> {
  key: string;
  environment: string;
  expected: FlagSetting;
  to: FlagSetting;
  /** "Unleash at http://…", for messages. */
  where: string;
  read(signal: AbortSignal): Promise<T>;
  settingOf(state: T): FlagSetting;
  /** Who changed the environment last and when, for the conflict message; null when the service does not say. */
  lastChange(signal: AbortSignal): Promise<{ by: string; at: number } | null>;
  /** Writes what differs from `state`; resolves true when it sent a write, false when there was nothing to change. */
  apply(state: T, signal: AbortSignal): Promise<boolean>;
  /** The service's own guard refused the write (Unleash: a JSON-Patch `test` failed): a conflict, nothing written. */
  refusedByGuard(error: unknown): boolean;
  /** The flag as the service now reports it; `wrote` says whether this write changed anything. */
  readBack(signal: AbortSignal, wrote: boolean): Promise<Flag>;
}

/**
 * Re-read, refuse on a change since the user loaded it, write, re-read. A write that fails in any
 * way is never reported as done: the environment is read again and the error says what it is now.
 */
export async function guardedWrite<T>(write: GuardedWrite<T>, signal: AbortSignal): Promise<Flag> {
  const state = await write.read(signal).catch((error: unknown) => Promise.reject(notSent(write, error)));
  const current = write.settingOf(state);
  if (!settingMatches(write.expected, current)) throw await conflict(write, current, signal);
  let wrote: boolean;
  try {
    wrote = await write.apply(state, signal);
  } catch (error) {
    if (write.refusedByGuard(error)) {
      const now = write.settingOf(await write.read(signal));
      throw await conflict(write, now, signal, error);
    }
    // Refused for sure (a rollout out of range, an unknown flag, a 4xx such as a read-only token): nothing was written.
    if (error instanceof InvalidInputError || error instanceof NotFoundError || error instanceof ForbiddenError) throw error;
    if (isClientError(error)) throw refusal(write, error);
    throw await unconfirmed(write, current, error);
  }
  try {
    return await write.readBack(signal, wrote);
  } catch (error) {
    throw await unconfirmed(write, current, error);
  }
}

/** The read before the write failed: nothing was sent, which is a certainty worth saying, not an unknown outcome. */
function notSent<T>(write: GuardedWrite<T>, error: unknown): Error {
  // A refusal (the flag is gone, the token may not read it) says so in its own words.
  if (error instanceof OpsError && REFUSED.has(error.code)) return error;
  const reason = describeError(error).replace(/\.$/, '');
  // The http client's words start with where it was: say it once.
  const why = reason.startsWith(`${write.where} `) ? `: it ${reason.slice(write.where.length + 1)}` : ` (${reason})`;
  return new NotSentError(
    `${write.where} did not answer the read before the flip${why}. Nothing was sent, so ${write.key} in ${write.environment} is as it was; flip again once it answers.`,
    { cause: error },
  );
}

/** A 401 or 403 to the write is this token refused, whatever service said it (Unleash's are named in unleash-errors.ts). */
function refusal<T>(write: GuardedWrite<T>, error: unknown): unknown {
  const answer = httpAnswer(error);
  if (answer?.status !== 401 && answer?.status !== 403) return error;
  const body = typeof answer.body === 'object' && answer.body !== null ? (answer.body as { error?: unknown; message?: unknown }) : {};
  const said = [body.message, body.error].find((m): m is string => typeof m === 'string');
  return new ForbiddenError(
    `${write.where} refused this token changing ${write.key} in ${write.environment} (${answer.status}${said ? `: "${said.slice(0, 200)}"` : ''}). ` +
      `Nothing was changed; use a token that may change flags in ${write.environment}.`,
    { cause: error },
  );
}

const REFUSED = new Set(['not_found', 'invalid_input', 'forbidden', 'conflict']);

function isClientError(error: unknown): boolean {
  const status = httpAnswer(error)?.status ?? 0;
  return status >= 400 && status < 500;
}

async function conflict<T>(write: GuardedWrite<T>, current: FlagSetting, signal: AbortSignal, cause?: unknown): Promise<FlagConflictError> {
  // Who and when are a courtesy: the conflict stands even when the event log will not say.
  const last = await write.lastChange(signal).catch(() => null);
  return new FlagConflictError(
    { key: write.key, environment: write.environment, current, changedBy: last?.by ?? null, changedAt: last?.at ?? null },
    cause === undefined ? undefined : { cause },
  );
}

async function unconfirmed<T>(write: GuardedWrite<T>, before: FlagSetting, error: unknown): Promise<FlagWriteUnconfirmedError> {
  const reason = describeError(error);
  const opening = `${write.where} did not confirm turning ${write.key} ${describeSetting(write.to)} in ${write.environment} (${reason.replace(/\.$/, '')}).`;
  let now: FlagSetting;
  try {
    // The caller's signal may be what failed (a timeout): this read gets its own.
    now = write.settingOf(await write.read(AbortSignal.timeout(RE_READ_MS)));
  } catch (readError) {
    const why = describeError(readError);
    return new FlagWriteUnconfirmedError(`${opening} Reading it back failed too (${why.replace(/\.$/, '')}): its state is unknown, reload before flipping again.`, null, null, { cause: error });
  }
  const applied = settingMatches(write.to, now);
  const verdict = applied
    ? 'the change did take effect'
    : settingMatches(before, now)
      ? 'nothing changed'
      : 'that is neither what it was nor what you asked: someone else may be changing it';
  return new FlagWriteUnconfirmedError(`${opening} Read back just now: it is ${describeSetting(now)}, ${verdict}.`, now, applied, { cause: error });
}
