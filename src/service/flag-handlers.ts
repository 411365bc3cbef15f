import { randomUUID } from 'node:crypto';

import type { FlagService } from '../backends/backend-set';
import { AuditLog } from '../audit/audit-log';
import type { FlipAnnouncer } from '../audit/flip-announcer';
import { FlipPublisher } from '../audit/flip-publisher';
import type { AuditEntry, Flag, FlagChange, FlagSetting, PublishState, Role } from '../contract/wire-types';
import { flipMarker } from '../deploys/flip-marker';
import { ForbiddenError, NotConfiguredError, NotSentError, describeError } from '../errors';
import { FlagConflictError } from '../flags/flag-conflict';
import { FlagWriteUnconfirmedError } from '../flags/guarded-write';
import type { Handlers } from './dispatcher';
import type { EventHub } from './event-hub';
import { isRefusal, notConfirmedError, PerFlagQueue, readSetting, settingOf, settle } from './flag-flip';
import type { FlipRequest, Settled } from './flag-flip';
import type { LiveBackends } from './live-backends';

/** Where flips are recorded, and the clocks of their writes and Graphite events (tests shorten them). */
export interface FlipRecordOptions {
  /** The audit log: `flip-audit.jsonl` in the app's state directory. */
  auditFile: string;
  /** An audit line that could not be written for a flip that did happen: logged, never hidden. */
  onError: (event: string, error: unknown) => void;
  /** Of the request's 15 s: the write (re-read, write, re-read) first, then a last re-read to learn the truth. */
  writeBudgetMs?: number;
  rereadBudgetMs?: number;
  /** Waits between attempts to send a flip's Graphite event. */
  publishRetryDelaysMs?: readonly number[];
  /** Tells a chat channel of each confirmed flip (the config file's `flipWebhook`). */
  announce?: FlipAnnouncer;
}

export interface FlagHandlerDeps extends FlipRecordOptions {
  live: LiveBackends;
  events: EventHub;
  /** The role in force, and where it was set (the refusal says where to change it). */
  role: () => { role: Role; source: 'config' | 'settings' };
  now: () => number;
}

export interface FlagHandlers {
  handlers: Pick<Handlers, 'flags.list' | 'flags.flip' | 'audit.list'>;
  /** The guarded flip behind `flags.flip`, for other parts of the core (a guarded ramp's steps): refused for a viewer, recorded, announced. */
  flip: (request: FlipRequest, signal: AbortSignal) => Promise<FlagChange>;
  /** Throws what `flags.flip` answers a viewer, before anything is read or written. */
  mayFlip: () => void;
  /** Resumes sending the Graphite events a previous run left queued. */
  start: () => void;
  stop: () => void;
}

/**
 * The switchboard's requests. A flip is refused for a viewer, written only over the state the
 * user saw, reported only as the flag service confirms it, and recorded (fsync'd) before it
 * answers, whatever the outcome.
 */
export function createFlagHandlers(deps: FlagHandlerDeps): FlagHandlers {
  const { live, events, now } = deps;
  const audit = new AuditLog(deps.auditFile);
  const publisher = new FlipPublisher({
    audit,
    recorder: () => live.current.changes,
    onChange: (entry) => events.emit('audit.changed', { entry }),
    onError: (error) => deps.onError('audit.publish_state_not_written', error),
    track: (backend, call) => live.health.track(backend, call),
    now,
    ...(deps.publishRetryDelaysMs ? { retryDelaysMs: deps.publishRetryDelaysMs } : {}),
  });
  const perFlag = new PerFlagQueue();

  /** Appends one attempt (written and fsync'd) and tells every window. A disk that refuses is logged, never hidden behind the flip's own answer. */
  const record = async (request: FlipRequest, who: string, settled: Settled, publish: PublishState | null, at = now()): Promise<AuditEntry | undefined> => {
    const entry: AuditEntry = {
      id: randomUUID(),
      at,
      who,
      key: request.key,
      environment: request.environment,
      before: request.expected,
      requested: request.to,
      after: settled.after,
      reason: request.reason,
      outcome: settled.outcome,
      message: settled.message,
      publish,
    };
    try {
      await audit.append(entry);
    } catch (error) {
      deps.onError('audit.append_failed', error);
      return undefined;
    }
    events.emit('audit.changed', { entry });
    return entry;
  };

  const changeTo = (request: FlipRequest, service: FlagService, after: FlagSetting): FlagChange => ({
    key: request.key,
    environment: request.environment,
    before: request.expected,
    after,
    at: now(),
    by: service.actor(),
    reason: request.reason,
    via: 'console',
  });

  const confirm = async (request: FlipRequest, service: FlagService, after: FlagSetting, message: string | null): Promise<FlagChange> => {
    const change = changeTo(request, service, after);
    const publish = await publisher.initialState(change).catch((error: unknown): PublishState => ({ state: 'failed', attempts: 0, lastError: describeError(error) }));
    const entry = await record(request, change.by, { outcome: 'confirmed', after, message }, publish, change.at);
    events.emit('flags.changed', { change });
    events.emit('markers.added', { markers: [flipMarker(change)] });
    if (entry) publisher.enqueue(entry);
    deps.announce?.(change);
    return change;
  };

  const fail = async (request: FlipRequest, service: FlagService, settled: Settled, timedOut: boolean, cause: unknown): Promise<never> => {
    await record(request, service.actor(), settled, null);
    // Changed, but not to what was asked: the switch must show what is really there.
    if (settled.outcome === 'unconfirmed' && settled.after) events.emit('flags.changed', { change: changeTo(request, service, settled.after) });
    throw notConfirmedError(settled, timedOut, cause);
  };

  /** Judges the attempt by what the service reports, and answers and records accordingly. */
  const conclude = (request: FlipRequest, service: FlagService, settled: Settled, timedOut: boolean, cause: unknown) =>
    settled.outcome === 'confirmed' ? confirm(request, service, settled.after, settled.message) : fail(request, service, settled, timedOut, cause);

  const flip = async (request: FlipRequest, service: FlagService, signal: AbortSignal): Promise<FlagChange> => {
    const { key, environment } = request;
    // Waiting behind another flip of this flag may have used up the caller's time: then write nothing.
    signal.throwIfAborted();
    const writeDeadline = AbortSignal.timeout(deps.writeBudgetMs ?? 9_000);
    let written: Flag;
    try {
      written = await live.health.track(service, () => service.write(request, AbortSignal.any([signal, writeDeadline])));
    } catch (error) {
      if (error instanceof FlagConflictError) {
        await record(request, service.actor(), { outcome: 'conflict', after: error.current, message: error.message }, null);
        throw error;
      }
      // Refused (a token that may not change it: audited as refused) or never sent: nothing was written.
      if (isRefusal(error) || error instanceof NotSentError) {
        const outcome = error.code === 'forbidden' ? 'refused' : 'failed';
        await record(request, service.actor(), { outcome, after: null, message: error.message }, null);
        throw error;
      }
      // The adapter read it back already and said what it found: judge by that, in its words.
      if (error instanceof FlagWriteUnconfirmedError) {
        const settled = settle(request, error.now, null, service.name);
        return conclude(request, service, { ...settled, message: error.message }, writeDeadline.aborted, error);
      }
      // The write may or may not have landed: only a fresh read can tell, on a clock of its own so
      // that a caller who left still gets the truth recorded.
      const read = await readSetting(service, key, environment, AbortSignal.timeout(deps.rereadBudgetMs ?? 4_000));
      const why = describeError(error);
      return conclude(request, service, settle(request, read, why, service.name), writeDeadline.aborted, error);
    }
    return conclude(request, service, settle(request, settingOf(written, key, environment), null, service.name), false, undefined);
  };

  const viewerRefusal = (key: string): string | null => {
    const { role, source } = deps.role();
    if (role !== 'viewer') return null;
    const where = source === 'config' ? 'the config file sets role: viewer' : 'Settings set this console to viewer';
    return `This console is read-only (${where}): flags can be looked at here, not flipped. Ask an operator to flip ${key}.`;
  };

  const guardedFlip = async (request: FlipRequest, signal: AbortSignal): Promise<FlagChange> => {
    const refusal = viewerRefusal(request.key);
    if (refusal) {
      await record(request, live.current.flags?.actor() ?? 'this console', { outcome: 'refused', after: null, message: refusal }, null);
      throw new ForbiddenError(refusal);
    }
    const service = flagService(live);
    return perFlag.run(request.key, () => flip(request, service, signal));
  };

  const handlers: FlagHandlers['handlers'] = {
    'flags.list': async (_input, { signal }) => {
      const service = flagService(live);
      const flags = await live.health.track(service, () => service.list(signal));
      return { flags, fetchedAt: now() };
    },

    'flags.flip': async ({ key, environment, to, expected, reason }, { signal }) => guardedFlip({ key, environment, to, expected, reason }, signal),

    'audit.list': async ({ limit }) => ({ entries: await audit.list(limit), file: audit.file }),
  };

  return {
    handlers,
    flip: guardedFlip,
    mayFlip: () => {
      const refusal = viewerRefusal('it');
      if (refusal) throw new ForbiddenError(refusal);
    },
    start: () => void publisher.resume().catch((error: unknown) => deps.onError('audit.resume_failed', error)),
    stop: () => publisher.stop(),
  };
}

function flagService(live: LiveBackends): FlagService {
  const service = live.current.flags;
  if (!service) throw new NotConfiguredError('No flag service is configured. Add one in Settings → Backends, or in the config file.');
  return service;
}
