import type { Settings } from '../../src/contract/wire-types';

export type TimeZone = Settings['timeZone'];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Calendar fields in the zone the user chose; everything on screen goes through here so UTC/local never mix. */
function fields(ms: number, zone: TimeZone) {
  const d = new Date(ms);
  return zone === 'utc'
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds(), ms: d.getMilliseconds() };
}

/** 14:02 or 14:02:10. */
export function formatClock(ms: number, zone: TimeZone, withSeconds = true): string {
  const f = fields(ms, zone);
  return withSeconds ? `${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}` : `${pad(f.h)}:${pad(f.mi)}`;
}

/** 14:02:10.123, for log lines where sub-second order matters. */
export function formatLogTime(ms: number, zone: TimeZone): string {
  return `${formatClock(ms, zone)}.${pad(fields(ms, zone).ms, 3)}`;
}

/** 2026-11-23 14:02:10 UTC: unambiguous, for titles and audit-like text. */
export function formatDateTime(ms: number, zone: TimeZone): string {
  const f = fields(ms, zone);
  return `${f.y}-${pad(f.mo)}-${pad(f.d)} ${formatClock(ms, zone)}${zone === 'utc' ? ' UTC' : ''}`;
}

/** Axis label: the day is only shown when the range spans days, to keep ticks short. */
export function formatAxisTime(ms: number, zone: TimeZone, spanMs: number): string {
  if (spanMs <= DAY) return formatClock(ms, zone, false);
  const f = fields(ms, zone);
  return `${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}`;
}

/** "just now", "3 min ago", "2 h ago", "4 d ago". */
export function formatAgo(ms: number, now: number): string {
  const age = Math.max(0, now - ms);
  if (age < 45_000) return 'just now';
  if (age < HOUR) return `${Math.round(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.round(age / HOUR)} h ago`;
  return `${Math.round(age / DAY)} d ago`;
}

/** 15 m, 1 h, 6 h, 24 h, 7 d. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} m`;
  if (minutes < 48 * 60) return `${minutes / 60} h`;
  return `${minutes / (24 * 60)} d`;
}
