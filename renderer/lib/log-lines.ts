import type { LogLine } from '../../src/contract/wire-types';

/**
 * Adds `incoming` to `shown` (both ascending by seq) without duplicates, keeping the newest `cap`.
 * A re-tail after a reconnect overlaps what is on screen; seq tells which lines are new.
 */
export function mergeLogLines(shown: readonly LogLine[], incoming: readonly LogLine[], cap: number): LogLine[] {
  if (incoming.length === 0) return shown as LogLine[];
  const last = shown.length ? shown[shown.length - 1]!.seq : -1;
  let merged: LogLine[];
  if (incoming[0]!.seq > last) {
    // The common case, a live event: everything is newer.
    merged = shown.concat(incoming);
  } else {
    const bySeq = new Map<number, LogLine>();
    for (const line of shown) bySeq.set(line.seq, line);
    for (const line of incoming) if (!bySeq.has(line.seq)) bySeq.set(line.seq, line);
    merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
  return merged.length > cap ? merged.slice(merged.length - cap) : merged;
}
