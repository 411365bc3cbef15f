import { DEFINITION_LIMITS } from './backend-definitions';
import { EpochMs, FlagSetting } from './wire-types';
import { z } from './zod';

// A guarded ramp: a flag taken through shares of users (1 → 5 → 25 → 50 → 100 %), each held for
// a while as long as the watched series stay within their thresholds, set back to the last good
// step on a breach. It runs in the core (src/ramps/) and only while that runs.

const L = DEFINITION_LIMITS;
/** A series' name as Graphite gives it: an unaliased target's is the target itself. */
const SERIES_NAME_MAX = L.target;

/**
 * A series a ramp watches: a panel's targets (or one series of them) and its thresholds, within
 * the panel's own limits, so any panel that can be drawn can be watched.
 */
export const RampWatch = z
  .object({
    /** As the UI names it: the panel's title, and on a panel of several the series' ("Error rate · search"). */
    label: z
      .string()
      .min(1)
      .max(L.title + ' · '.length + SERIES_NAME_MAX),
    targets: z.array(z.string().min(1).max(L.target)).min(1).max(L.targetsPerPanel),
    /** Only the series of this name (one service on a panel of several); null: every series of the targets. */
    series: z.string().min(1).max(SERIES_NAME_MAX).nullable(),
    high: z.number().nullable(),
    low: z.number().nullable(),
    unit: z.string().max(L.unit),
  })
  .strict()
  .refine((w) => w.high !== null || w.low !== null, { message: 'a watched series needs a threshold (high or low)', path: ['high'] });
export type RampWatch = z.infer<typeof RampWatch>;

export const RampInput = z
  .object({
    key: z.string().min(1).max(200),
    environment: z.string().min(1).max(100),
    /** Shares of users, in %, each higher than the one before; the last is usually 100. */
    steps: z
      .array(z.number().int().min(1, 'a step is 1 to 100 %').max(100, 'a step is 1 to 100 %'))
      .min(1)
      .max(12)
      .refine((steps) => steps.every((s, i) => i === 0 || s > steps[i - 1]!), { message: 'each step must be higher than the one before' }),
    /** How long each step is held under its thresholds before the next. */
    holdSeconds: z.number().int().min(10, 'hold each step at least 10 s').max(24 * 3_600),
    watches: z.array(RampWatch).min(1, 'watch at least one series').max(20),
    /** One reason for the whole ramp: it goes into every step's audit entry and marker. */
    reason: z.string().trim().min(3, 'say why, in a few words').max(300),
    /** The environment as the user saw it: a ramp never starts over a change made since. */
    expected: FlagSetting,
  })
  .strict();
export type RampInput = z.infer<typeof RampInput>;

/** The latest reading of one watched series. */
export const RampReading = z.object({
  label: z.string(),
  /** The last complete bucket's value; null: no data. */
  value: z.number().nullable(),
  at: EpochMs.nullable(),
  /** "≤ 2 %", "≥ 10 req/s". */
  limit: z.string(),
  ok: z.boolean(),
});
export type RampReading = z.infer<typeof RampReading>;

export const RampHistoryEntry = z.object({
  at: EpochMs,
  kind: z.enum(['step', 'held', 'breach', 'set-back', 'conflict', 'no-data', 'failed', 'paused', 'resumed', 'stopped', 'done']),
  text: z.string(),
});
export type RampHistoryEntry = z.infer<typeof RampHistoryEntry>;

export const Ramp = z.object({
  id: z.string(),
  key: z.string(),
  environment: z.string(),
  steps: z.array(z.number().int()),
  holdMs: z.number().int(),
  reason: z.string(),
  /** Who runs it (the flag service's account the writes are made with). */
  by: z.string(),
  /** Where it runs: "browser-mode host on ops-1 (pid 4242)": it advances only while that process runs. */
  runner: z.string(),
  watches: z.array(RampWatch),
  startedAt: EpochMs,
  /**
   * running: holding a step and watching; paused: the core that ran it stopped, and it waits for
   * someone to resume it (never by itself); done: at the last step, held; stopped: by a breach, a
   * conflict, missing data or a person (the status says which, and where the rollout was left).
   */
  state: z.enum(['running', 'paused', 'done', 'stopped']),
  /** Index of the step in place; -1 before the first was written. */
  step: z.number().int(),
  /** When the step in place was confirmed: its hold counts from here. */
  stepAt: EpochMs.nullable(),
  /** The flag as the ramp last wrote or read it. */
  current: FlagSetting,
  /** What a breach sets it back to: the last step held under its thresholds, or the flag as it was before the ramp. */
  lastGood: FlagSetting,
  /** Where it stands, in words. */
  status: z.string(),
  readings: z.array(RampReading),
  history: z.array(RampHistoryEntry),
  updatedAt: EpochMs,
});
export type Ramp = z.infer<typeof Ramp>;
