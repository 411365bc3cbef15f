import { randomUUID } from 'node:crypto';

import type { RenderQuery } from '../backends/backend-set';
import type { Ramp, RampHistoryEntry, RampInput } from '../contract/ramp-types';
import { renderChunks } from '../contract/render-chunks';
import type { FlagChange, FlagSetting, Series } from '../contract/wire-types';
import { ConflictError, InvalidInputError, NotFoundError, describeError } from '../errors';
import { describeSetting, settingMatches } from '../flags/describe-setting';
import { FlagConflictError } from '../flags/flag-conflict';
import type { FlipRequest } from '../service/flag-flip';
import { clock, judgeStep } from './ramp-health';
import type { WatchData } from './ramp-health';
import type { RampStore } from './ramp-store';

export interface RampRunnerDeps {
  store: RampStore;
  /** The switchboard's guarded flip: refused for a viewer, one per flag at a time, audited, drawn as a marker, sent to Graphite. */
  flip: (request: FlipRequest, signal: AbortSignal) => Promise<FlagChange>;
  /** The flag's environment, read fresh from the flag service. */
  read: (key: string, environment: string, signal: AbortSignal) => Promise<FlagSetting>;
  render: (query: RenderQuery, signal: AbortSignal) => Promise<Series[]>;
  emit: (ramp: Ramp) => void;
  /** Who the flag service records as the author of the writes. */
  actor: () => string;
  /** Where this core runs, in words: "the browser-mode host on ops-1 (pid 4242)". */
  runner: string;
  now: () => number;
  /** Throws when this console may not flip at all (a viewer), before anything is read. */
  mayFlip: () => void;
}

/** The watch reads this far back before a step, so a series silent since before it is seen to be. */
const LOOKBACK_MS = 3 * 60_000;
/** Missing data is waited for this long at least (or a step's hold, if longer), then the ramp stops. */
const MIN_NO_DATA_WAIT_MS = 60_000;

/**
 * Guarded ramps: each step written through the same guarded flip as a click on a switch, held
 * while every watched series stays within its thresholds, the next written when the hold is over;
 * on a breach the flag is set back to the last good step, and a change made by someone else
 * stops the ramp without overwriting anything. `check` is one look at every running ramp; the
 * core's ticker calls it every few seconds, tests call it with a clock of their own.
 */
export class RampRunner {
  /** Ramps being written or judged: a second look at one waits for the next tick. */
  private readonly busy = new Set<string>();

  constructor(private readonly deps: RampRunnerDeps) {}

  list(): readonly Ramp[] {
    return this.deps.store.list();
  }

  async start(input: RampInput, signal: AbortSignal): Promise<Ramp> {
    const { deps } = this;
    deps.mayFlip();
    const { key, environment, expected } = input;
    const active = this.list().find((r) => r.key === key && r.environment === environment && (r.state === 'running' || r.state === 'paused'));
    if (active) throw new ConflictError(`A guarded ramp of ${key} in ${environment} is ${active.state} (started ${clock(active.startedAt)} UTC by ${active.by}): stop it before starting another.`);
    const share = shareOf(expected);
    if (share === null) throw new InvalidInputError(`${key} is ${describeSetting(expected)} in ${environment}: a guarded ramp starts from off or from a share of users.`);
    const first = input.steps.findIndex((s) => s > share);
    if (first < 0) throw new InvalidInputError(`${key} is already ${describeSetting(expected)} in ${environment}: no step of ${path(input.steps)} is above it.`);
    const now = deps.now();
    const ramp: Ramp = {
      id: randomUUID(),
      key,
      environment,
      steps: input.steps,
      holdMs: input.holdSeconds * 1_000,
      reason: input.reason,
      by: deps.actor(),
      runner: deps.runner,
      watches: input.watches,
      startedAt: now,
      state: 'running',
      step: first - 1,
      stepAt: null,
      current: expected,
      lastGood: expected,
      status: 'Starting',
      readings: [],
      history: [],
      updatedAt: now,
    };
    this.busy.add(ramp.id);
    try {
      // The first write decides whether there is a ramp at all: a conflict or a refusal is the request's answer.
      const started = await this.writeStep(ramp, first, signal);
      this.save(started);
      return started;
    } finally {
      this.busy.delete(ramp.id);
    }
  }

  async stop(id: string, setBack: boolean, signal: AbortSignal): Promise<Ramp> {
    const ramp = this.find(id);
    if (ramp.state === 'done' || ramp.state === 'stopped') return ramp;
    if (setBack) this.deps.mayFlip();
    return this.exclusively(ramp, async () => {
      const by = this.deps.actor();
      if (setBack) return this.setBack(ramp, `stopped by ${by}`, signal);
      const text = `Stopped by ${by} at ${shareWords(ramp.current)}: the rollout stays ${describeSetting(ramp.current)}.`;
      return this.update(ramp, { state: 'stopped', status: text }, { kind: 'stopped', text });
    });
  }

  async resume(id: string, signal: AbortSignal): Promise<Ramp> {
    const ramp = this.find(id);
    if (ramp.state !== 'paused') throw new ConflictError(`The ramp of ${ramp.key} is ${ramp.state}, not paused: there is nothing to resume.`);
    this.deps.mayFlip();
    return this.exclusively(ramp, async () => {
      const now = await this.deps.read(ramp.key, ramp.environment, signal);
      if (!settingMatches(ramp.current, now)) {
        const text = `Not resumed: ${ramp.key} is now ${describeSetting(now)} in ${ramp.environment}, not ${describeSetting(ramp.current)} as the ramp left it; someone changed it. Nothing was written.`;
        this.update(ramp, { state: 'stopped', status: text, current: now }, { kind: 'conflict', text });
        throw new ConflictError(text);
      }
      const text = `Resumed by ${this.deps.actor()} on ${this.deps.runner}: ${shareWords(ramp.current)} is held again from now.`;
      return this.update(ramp, { state: 'running', stepAt: this.deps.now(), runner: this.deps.runner, by: this.deps.actor(), status: text }, { kind: 'resumed', text });
    });
  }

  /** One look at every running ramp. */
  async check(signal: AbortSignal = AbortSignal.timeout(30_000)): Promise<void> {
    for (const ramp of this.list().filter((r) => r.state === 'running' && !this.busy.has(r.id))) {
      await this.exclusively(ramp, () => this.checkOne(ramp, signal));
    }
  }

  private async checkOne(ramp: Ramp, signal: AbortSignal): Promise<Ramp> {
    const { deps } = this;
    const stepAt = ramp.stepAt ?? ramp.startedAt;
    const until = deps.now();
    const data = await Promise.all(ramp.watches.map((watch) => this.read(watch, stepAt - LOOKBACK_MS, until, signal)));
    const { verdict, readings } = judgeStep(data, stepAt, ramp.holdMs, deps.now());
    const at = shareWords(ramp.current);
    switch (verdict.kind) {
      case 'breach':
        this.update(ramp, { readings }, { kind: 'breach', text: `Breach at ${at}: ${verdict.text}.` });
        return this.setBack({ ...this.find(ramp.id) }, verdict.text, signal);
      case 'no-data': {
        const waited = deps.now() - verdict.silentSince;
        if (waited <= Math.max(ramp.holdMs, MIN_NO_DATA_WAIT_MS)) {
          return this.update(ramp, { readings, status: `Waiting at ${at}: ${verdict.text}. No data is not healthy: it does not advance, and stops if the data does not come back.` }, null, false);
        }
        const text = `Stopped at ${at}: ${verdict.text}, for ${Math.round(waited / 1_000)} s. The rollout stays ${describeSetting(ramp.current)}: set it back by hand if in doubt.`;
        return this.update(ramp, { readings, state: 'stopped', status: text }, { kind: 'no-data', text });
      }
      case 'holding':
        return this.update(ramp, { readings, status: `Holding ${at} (${stepWords(ramp)}): ${seconds(verdict.heldMs)} of ${seconds(ramp.holdMs)} within thresholds.` }, null, false);
      case 'held': {
        const held = this.update(ramp, { readings, lastGood: ramp.current }, { kind: 'held', text: `Held ${at} for ${seconds(ramp.holdMs)} within thresholds.` });
        if (ramp.step >= ramp.steps.length - 1) {
          const text = `Done: ${describeSetting(ramp.current)} in ${ramp.environment}, the last step held within thresholds.`;
          return this.update(held, { state: 'done', status: text }, { kind: 'done', text });
        }
        try {
          return this.save(await this.writeStep(held, ramp.step + 1, signal));
        } catch (error) {
          return this.stopOnWriteFailure(held, error, `the next step (${ramp.steps[ramp.step + 1]} %)`);
        }
      }
    }
  }

  private async read(watch: WatchData['watch'], from: number, until: number, signal: AbortSignal): Promise<WatchData> {
    try {
      // One point per second at most: the finest a store keeps, so no bucket is consolidated away.
      const maxDataPoints = Math.min(10_000, Math.max(1, Math.ceil((until - from) / 1_000)));
      // In the chunks a panel's graphs ask for: a wide panel's targets in one GET could be longer than Graphite takes.
      const sets = await Promise.all(renderChunks(watch.targets).map((targets) => this.deps.render({ targets, from, until, maxDataPoints }, signal)));
      return { watch, series: sets.flat(), error: null };
    } catch (error) {
      return { watch, series: null, error: describeError(error) };
    }
  }

  /** Writes step `index` through the guarded flip, over the flag as the ramp last left it. */
  private async writeStep(ramp: Ramp, index: number, signal: AbortSignal): Promise<Ramp> {
    const percent = ramp.steps[index]!;
    const next = { ...ramp, step: index };
    const reason = `guarded ramp ${stepWords(next)} (${path(ramp.steps)}), run by ${ramp.by} on ${ramp.runner}: ${ramp.reason}`;
    const change = await this.deps.flip({ key: ramp.key, environment: ramp.environment, to: stepSetting(percent), expected: ramp.current, reason }, signal);
    const text = `Step ${index + 1} of ${ramp.steps.length}: ${describeSetting(change.after)}, held ${seconds(ramp.holdMs)} while watched.`;
    return { ...next, stepAt: change.at, current: change.after, status: text, readings: [], updatedAt: this.deps.now(), history: [...ramp.history, { at: change.at, kind: 'step', text }] };
  }

  /** A breach (or a person) stops the ramp: the flag goes back to the last good step through the guarded flip, never over someone else's change. */
  private async setBack(ramp: Ramp, why: string, signal: AbortSignal): Promise<Ramp> {
    const at = shareWords(ramp.current);
    const to = ramp.lastGood;
    try {
      const change = await this.deps.flip({ key: ramp.key, environment: ramp.environment, to, expected: ramp.current, reason: `guarded ramp stopped at ${at} (${why}); set back to ${describeSetting(to)}: ${ramp.reason}` }, signal);
      const text = `Stopped at ${at}: ${why}. Set back to ${describeSetting(change.after)}, as the flag service confirmed.`;
      return this.update(ramp, { state: 'stopped', status: text, current: change.after }, { kind: 'set-back', text });
    } catch (error) {
      return this.stopOnWriteFailure(ramp, error, `setting it back to ${describeSetting(to)}`, `Stopped at ${at}: ${why}.`);
    }
  }

  private stopOnWriteFailure(ramp: Ramp, error: unknown, what: string, opening = `Stopped at ${shareWords(ramp.current)}.`): Ramp {
    if (error instanceof FlagConflictError) {
      const text = `${opening} ${cap(what)} met someone else's change: ${error.message}`;
      return this.update(ramp, { state: 'stopped', status: text, current: error.current }, { kind: 'conflict', text });
    }
    const text = `${opening} ${cap(what)} failed: ${describeError(error)} Check the flag and set it by hand.`;
    return this.update(ramp, { state: 'stopped', status: text }, { kind: 'failed', text });
  }

  private find(id: string): Ramp {
    const ramp = this.deps.store.get(id);
    if (!ramp) throw new NotFoundError(`No guarded ramp ${id} in this console.`);
    return ramp;
  }

  private async exclusively(ramp: Ramp, work: () => Promise<Ramp>): Promise<Ramp> {
    if (this.busy.has(ramp.id)) throw new ConflictError(`The ramp of ${ramp.key} is writing a step right now: try again in a moment.`);
    this.busy.add(ramp.id);
    try {
      return await work();
    } finally {
      this.busy.delete(ramp.id);
    }
  }

  private update(ramp: Ramp, changes: Partial<Ramp>, event: Omit<RampHistoryEntry, 'at'> | null, persist = true): Ramp {
    const now = this.deps.now();
    const history = event ? [...ramp.history, { at: now, ...event }] : ramp.history;
    return this.save({ ...ramp, ...changes, history, updatedAt: now }, persist);
  }

  private save(ramp: Ramp, persist = true): Ramp {
    this.deps.store.put(ramp, persist);
    this.deps.emit(ramp);
    return ramp;
  }
}

/** The switch a step asks for: a share of users, or everyone at 100 %. */
export function stepSetting(percent: number): FlagSetting {
  return percent >= 100 ? { enabled: true, audience: 'everyone', rolloutPercent: null } : { enabled: true, audience: 'percentage', rolloutPercent: percent };
}

/** The share of users a setting reaches: 0 when off; null for staff or a dark launch, which a ramp does not start from. */
export function shareOf(setting: FlagSetting): number | null {
  if (!setting.enabled) return 0;
  if (setting.audience === 'everyone') return 100;
  return setting.audience === 'percentage' ? (setting.rolloutPercent ?? 0) : null;
}

function shareWords(setting: FlagSetting): string {
  const share = shareOf(setting);
  return share === null ? describeSetting(setting) : `${share} %`;
}

function stepWords(ramp: Pick<Ramp, 'step' | 'steps'>): string {
  return `step ${ramp.step + 1} of ${ramp.steps.length}`;
}

function path(steps: readonly number[]): string {
  return `${steps.join(' → ')} %`;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1_000);
  return s < 120 ? `${s} s` : `${Math.round(s / 6) / 10} min`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
