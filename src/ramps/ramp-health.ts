import type { RampReading, RampWatch } from '../contract/ramp-types';
import type { Series } from '../contract/wire-types';

/** What was read for one watched series: the panel's series (all of them; the watch picks its own), or why nothing could be. */
export interface WatchData {
  watch: RampWatch;
  series: readonly Series[] | null;
  error: string | null;
}

/** More missing buckets than this in a row is no data: not healthy (the ramp waits, then stops). */
export const MAX_MISSING_BUCKETS = 2;

/**
 * held: every watched series had its complete buckets within their thresholds for the whole hold;
 * holding: so far so good; no-data: one has been silent for more than two buckets (since
 * `silentSince`); breach: one went past its threshold (`text` says which, how far and when).
 */
export type Verdict = { kind: 'held' } | { kind: 'holding'; heldMs: number } | { kind: 'no-data'; silentSince: number; text: string } | { kind: 'breach'; text: string };

export interface Judgement {
  verdict: Verdict;
  readings: RampReading[];
}

/**
 * How a step is doing at `now`, held since `stepAt`: judged on complete buckets only (Graphite
 * labels a bucket with its start and fills it until its end), those that end after the step was
 * written. A gap longer than two buckets starts the hold again once data is back.
 */
export function judgeStep(data: readonly WatchData[], stepAt: number, holdMs: number, now: number): Judgement {
  const readings: RampReading[] = [];
  let breach: string | null = null;
  let silence: { since: number; text: string } | null = null;
  // The hold counts from the step (or from data back after a long gap) to the end of the data every series has.
  let heldFrom = stepAt;
  let seenUntil = Infinity;
  for (const { watch, series, error } of data) {
    const mine = (series ?? []).filter((s) => watch.series === null || s.name === watch.series);
    if (error !== null || mine.length === 0) {
      const why = error ?? (watch.series === null ? 'its targets answered no series' : `no series named ${watch.series} in its targets`);
      readings.push({ label: watch.label, value: null, at: null, limit: limitWords(watch), ok: false });
      silence = earlier(silence, { since: stepAt, text: `no data from ${watch.label} (${why})` });
      continue;
    }
    for (const s of mine) {
      const label = mine.length > 1 ? `${watch.label} · ${s.name}` : watch.label;
      const one = judgeSeries(s, watch, stepAt, now);
      readings.push({ label, value: one.last?.value ?? null, at: one.last?.at ?? null, limit: limitWords(watch), ok: one.breach === null && !one.silent });
      if (one.breach && breach === null) {
        const limit = one.breach.side === 'above' ? watch.high! : watch.low!;
        breach = `${label} ${valueWords(one.breach.value, watch.unit)}, ${one.breach.side} ${valueWords(limit, watch.unit)}, at ${clock(one.breach.at)} UTC`;
      }
      if (one.silent) silence = earlier(silence, { since: one.lastSeen ?? stepAt, text: `no data from ${label} since ${clock(one.lastSeen ?? stepAt)} UTC` });
      heldFrom = Math.max(heldFrom, one.heldFrom);
      seenUntil = Math.min(seenUntil, one.lastSeen ?? stepAt);
    }
  }
  const heldMs = Math.max(0, seenUntil - heldFrom);
  const verdict: Verdict = breach
    ? { kind: 'breach', text: breach }
    : silence
      ? { kind: 'no-data', silentSince: silence.since, text: silence.text }
      : heldMs >= holdMs
        ? { kind: 'held' }
        : { kind: 'holding', heldMs };
  return { verdict, readings };
}

interface SeriesJudgement {
  breach: { value: number; at: number; side: 'above' | 'below' } | null;
  last: { value: number; at: number } | null;
  /** The end of the newest complete bucket with a value; null when there is none. */
  lastSeen: number | null;
  silent: boolean;
  /** After the last gap longer than MAX_MISSING_BUCKETS since the step: where the hold counts from. */
  heldFrom: number;
}

function judgeSeries(s: Series, watch: RampWatch, stepAt: number, now: number): SeriesJudgement {
  const step = bucketWidth(s.timestamps);
  let breach: SeriesJudgement['breach'] = null;
  let last: SeriesJudgement['last'] = null;
  let lastSeen: number | null = null;
  let heldFrom = stepAt;
  s.timestamps.forEach((at, i) => {
    const end = at + step;
    const value = s.values[i];
    if (end > now || value === null || value === undefined || Number.isNaN(value)) return;
    // Data came back after a long silence since the step: the hold starts again from here.
    if (lastSeen !== null && end > stepAt && end - lastSeen > (MAX_MISSING_BUCKETS + 1) * step) heldFrom = Math.max(heldFrom, at);
    lastSeen = end;
    last = { value, at };
    if (end <= stepAt || breach) return;
    if (watch.high !== null && value > watch.high) breach = { value, at, side: 'above' };
    else if (watch.low !== null && value < watch.low) breach = { value, at, side: 'below' };
  });
  const since = lastSeen ?? stepAt;
  return { breach, last, lastSeen, heldFrom, silent: now - since > (MAX_MISSING_BUCKETS + 1) * step };
}

function earlier<T extends { since: number }>(a: T | null, b: T): T {
  return a === null || b.since < a.since ? b : a;
}

/** The most common distance between labels; a minute when a series has one point (Graphite's coarsest usual step). */
function bucketWidth(timestamps: readonly number[]): number {
  if (timestamps.length < 2) return 60_000;
  const gaps = timestamps
    .slice(1)
    .map((at, i) => at - timestamps[i]!)
    .sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

/** "≤ 2 %", "≥ 10 req/s", "≤ 400 ms and ≥ 5 ms". */
export function limitWords(watch: Pick<RampWatch, 'high' | 'low' | 'unit'>): string {
  const parts = [watch.high !== null ? `≤ ${valueWords(watch.high, watch.unit)}` : null, watch.low !== null ? `≥ ${valueWords(watch.low, watch.unit)}` : null];
  return parts.filter(Boolean).join(' and ');
}

export function valueWords(value: number, unit: string): string {
  const abs = Math.abs(value);
  const shown = abs >= 100 ? Math.round(value).toString() : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  return unit ? `${shown} ${unit}` : shown;
}

/** HH:MM:SS in UTC: the ramp's words are the same in every window, whatever its time zone. */
export function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}
