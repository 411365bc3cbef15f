import type { TimeZone } from '../../lib/format-time';

/**
 * Reads back what formatDateTime writes ("2026-11-23 14:02:10 UTC", seconds optional) in the
 * zone the user chose; null for anything else, so a typo is said, never guessed.
 */
export function parseMoment(text: string, zone: TimeZone): number | null {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(UTC)?\s*$/i.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const utc = zone === 'utc' || m[7] !== undefined;
  const at = utc ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isFinite(at) ? at : null;
}
