import type { TimeZone } from './format-time';
import { formatClock, formatDateTime } from './format-time';

/** `2026-11-23T14:00`, what `<input type="datetime-local">` shows, in the zone the user chose. */
export function toInputValue(ms: number, zone: TimeZone): string {
  // formatDateTime already does the zone; only its shape differs.
  return formatDateTime(ms, zone).replace(' UTC', '').replace(' ', 'T').slice(0, 16);
}

const INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The input's text read in the chosen zone; null when it is not a whole date and time. */
export function fromInputValue(text: string, zone: TimeZone): number | null {
  const m = INPUT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const ms = zone === 'utc' ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** `14:00–15:30 UTC` within a day, `2026-11-22 23:00 – 2026-11-23 01:00 UTC` across days. */
export function formatRangeText(from: number, until: number, zone: TimeZone): string {
  const suffix = zone === 'utc' ? ' UTC' : '';
  const day = (ms: number) => formatDateTime(ms, zone).slice(0, 10);
  if (day(from) === day(until)) return `${formatClock(from, zone, false)}–${formatClock(until, zone, false)}${suffix}`;
  return `${day(from)} ${formatClock(from, zone, false)} – ${day(until)} ${formatClock(until, zone, false)}${suffix}`;
}

