import type { LogLine } from '../../../src/contract/wire-types';

/**
 * The lines the viewer holds: several sources merged by time, each line once, at most `cap`.
 * `keys` is shared with the windows it came from (it is only ever read through the newest one),
 * so adding a batch costs the batch plus the tail it lands in, not the whole window.
 */
export interface LogWindow {
  /** Oldest first, by `times`. */
  readonly lines: readonly LogLine[];
  /** The time each line sorts by: its own, or never earlier than the line before it in its source. */
  readonly times: readonly number[];
  readonly keys: Set<string>;
  /** Lines ever accepted: what "N new lines" counts from while the view is paused. */
  readonly added: number;
  /**
   * Lines that arrived more than `LATE_AFTER_MS` behind the newest line already drawn (a host
   * that was disconnected and resumed, a slow host), and were put at their time among them.
   */
  readonly late: number;
  /** The furthest any of them was behind the newest line drawn when it came, in ms. */
  readonly lateByMs: number;
}

/**
 * How far behind the newest line drawn a line may arrive and still be merged in order without
 * being counted late. Every live tail reads in bursts: the wrapper's `tail -F` polls every 0.5 s
 * (docs/log-hosts.md, "Why tail polls"), so one host's line reaches the view up to half a second
 * after another host's line of the same moment, more with the SSH channel, the core's hand-on per
 * turn and the frame in between. Counting those said that 87-96 % of a busy fleet's lines were
 * late (millions): true and useless. Twice the poll covers an ordinary burst; what lands further
 * back is what a reader should be told about: a host that was disconnected and resumed, a host
 * that is slow to deliver, a clock that is off.
 */
export const LATE_AFTER_MS = 1_000;

export const lineKey = (line: LogLine) => `${line.sourceId}\u0000${line.seq}`;

export function emptyWindow(): LogWindow {
  return { lines: [], times: [], keys: new Set(), added: 0, late: 0, lateByMs: 0 };
}

/**
 * Adds a batch (from `logs.query`, `logs.around` or a `logs.lines` event) to the window. A line
 * already held (same source and seq, e.g. a re-query after a reconnect overlapping the live tail)
 * is dropped, never doubled. A line without a time, or one that steps back in time, sorts at its
 * source's previous time, so one source's lines never change order. `drawnUntil`: for lines
 * that arrived live, the time of the newest line on screen; one more than `LATE_AFTER_MS` before
 * it came late (and is still put at its time).
 */
export function addLines(window: LogWindow, incoming: readonly LogLine[], cap: number, drawnUntil: number | null = null): LogWindow {
  const last = new Map<string, Latest>();
  const fallback = window.times.length ? window.times[window.times.length - 1]! : 0;
  const fresh: { line: LogLine; t: number }[] = [];
  let late = window.late;
  let lateByMs = window.lateByMs;
  for (const line of incoming) {
    const key = lineKey(line);
    if (window.keys.has(key)) continue;
    window.keys.add(key);
    const before = last.get(line.sourceId) ?? latestOf(window, line.sourceId);
    // Only a line after the source's latest one (by seq) is held to its time: an older line
    // (a query answering after live lines arrived) keeps its own.
    const floor = before && before.seq < line.seq ? before.t : Number.NEGATIVE_INFINITY;
    const own = line.at ?? line.gap?.from ?? (Number.isFinite(floor) ? floor : fallback);
    const t = Math.max(own, floor);
    last.set(line.sourceId, { t, seq: line.seq });
    fresh.push({ line, t });
    if (drawnUntil !== null && drawnUntil - t > LATE_AFTER_MS && line.gap === null) {
      late++;
      lateByMs = Math.max(lateByMs, drawnUntil - t);
    }
  }
  if (fresh.length === 0) return window;
  fresh.sort((a, b) => a.t - b.t || (a.line.sourceId < b.line.sourceId ? -1 : a.line.sourceId > b.line.sourceId ? 1 : a.line.seq - b.line.seq));

  const { lines, times } = window;
  // Usually the whole batch is newer than what is shown (a live tail): a plain append.
  const at = upperBound(times, fresh[0]!.t);
  const tailLines = lines.slice(at);
  const tailTimes = times.slice(at);
  const mergedLines = lines.slice(0, at);
  const mergedTimes = times.slice(0, at);
  let i = 0;
  let j = 0;
  while (i < tailLines.length || j < fresh.length) {
    if (j >= fresh.length || (i < tailLines.length && tailTimes[i]! <= fresh[j]!.t)) {
      mergedLines.push(tailLines[i]!);
      mergedTimes.push(tailTimes[i++]!);
    } else {
      mergedLines.push(fresh[j]!.line);
      mergedTimes.push(fresh[j++]!.t);
    }
  }

  const drop = Math.max(0, mergedLines.length - cap);
  for (let k = 0; k < drop; k++) window.keys.delete(lineKey(mergedLines[k]!));
  return {
    lines: drop ? mergedLines.slice(drop) : mergedLines,
    times: drop ? mergedTimes.slice(drop) : mergedTimes,
    keys: window.keys,
    added: window.added + fresh.length,
    late,
    lateByMs,
  };
}

interface Latest {
  t: number;
  seq: number;
}

/** The source's newest line in the window, searched from the end where it usually is (not far: that costs a frame). */
function latestOf(window: LogWindow, sourceId: string): Latest | null {
  for (let k = window.lines.length - 1; k >= 0 && k >= window.lines.length - 5_000; k--) {
    const line = window.lines[k]!;
    if (line.sourceId === sourceId) return { t: window.times[k]!, seq: line.seq };
  }
  return null;
}

/** The first index whose time is greater than `t`. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
