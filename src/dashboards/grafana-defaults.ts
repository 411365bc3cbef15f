import type { DashboardDefaults } from '../contract/backend-definitions';

// A Grafana dashboard's saved time range and refresh, as the range and refresh our dashboard opens
// with. What cannot be kept exactly (rounding to the day, a range ending before now, a refresh we
// do not offer) is kept as near as it goes, and said.

const MIN_MINUTES = 5;
const MAX_MINUTES = 60 * 24 * 30;
const UNIT_MINUTES: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60, M: 30 * 24 * 60, y: 365 * 24 * 60 };
/** `now`, `now-6h`, `now-1d/d`, `now/w`: Grafana's relative times. */
const RELATIVE = /^now(?:-(\d+)([smhdwMy]))?(?:\/([smhdwMy]))?$/;
const REFRESH_CHOICES = [10, 30, 60, 300] as const;
const REFRESH = /^(\d+)([smhd])$/;
const REFRESH_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

export interface ReadDefaults {
  defaults: DashboardDefaults | undefined;
  /** One line per thing kept only approximately, or not at all. */
  converted: string[];
  skipped: string[];
}

export function readDefaults(time: { from?: string | undefined; to?: string | undefined } | undefined, refresh: unknown): ReadDefaults {
  const converted: string[] = [];
  const skipped: string[] = [];
  const defaults: DashboardDefaults = {};
  if (time?.from !== undefined && time.to !== undefined) Object.assign(defaults, readRange(time.from, time.to, converted, skipped));
  const seconds = readRefresh(refresh, converted, skipped);
  if (seconds !== undefined) defaults.refreshSeconds = seconds;
  return { defaults: Object.keys(defaults).length ? defaults : undefined, converted, skipped };
}

function readRange(from: string, to: string, converted: string[], skipped: string[]): DashboardDefaults {
  const said = `Time range ${from} to ${to}`;
  const start = RELATIVE.exec(from);
  const end = RELATIVE.exec(to);
  if (start && end) {
    const back = (start[1] ? Number(start[1]) : 0) * UNIT_MINUTES[start[2] ?? 'm']!;
    // "now/d" alone is "today so far": at most a day.
    const minutes = back || (start[3] ? UNIT_MINUTES[start[3]]! : 0);
    if (!minutes) {
      skipped.push(`${said}: not a range the console can show`);
      return {};
    }
    const kept = Math.min(MAX_MINUTES, Math.max(MIN_MINUTES, Math.ceil(minutes)));
    const notes = [
      start[3] || end[3] ? 'rounded to whole units in Grafana, not here' : '',
      end[1] ? 'it ended before now in Grafana; here it ends now' : '',
      kept !== Math.ceil(minutes) ? `the console shows ${MIN_MINUTES} min to 30 days` : '',
    ].filter(Boolean);
    if (notes.length) converted.push(`${said} → the last ${describeMinutes(kept)}: ${notes.join('; ')}`);
    return { rangeMinutes: kept };
  }
  const [a, b] = [absolute(from), absolute(to)];
  if (a !== null && b !== null && a < b) return { from: a, until: b };
  skipped.push(`${said}: not a range the console can read; it opens with the range last picked`);
  return {};
}

function readRefresh(refresh: unknown, converted: string[], skipped: string[]): DashboardDefaults['refreshSeconds'] {
  if (refresh === undefined || refresh === null) return undefined;
  if (refresh === false || refresh === '') return 0;
  const match = typeof refresh === 'string' ? REFRESH.exec(refresh) : null;
  if (!match) {
    skipped.push(`Refresh ${JSON.stringify(refresh)}: not a refresh interval the console can read`);
    return undefined;
  }
  const seconds = Number(match[1]) * REFRESH_SECONDS[match[2]!]!;
  // The nearest choice that refreshes no more often than Grafana did, or the slowest.
  const kept = REFRESH_CHOICES.find((c) => c >= seconds) ?? 300;
  if (kept !== seconds) converted.push(`Refresh every ${match[0]} → every ${kept < 60 ? `${kept} s` : `${kept / 60} min`}: the console refreshes every 10 s, 30 s, 1 min or 5 min`);
  return kept;
}

/** An ISO date or epoch milliseconds, as Grafana saves a fixed range. */
function absolute(text: string): number | null {
  if (/^\d{10,13}$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isFinite(at) && /^\d{4}-\d{2}-\d{2}/.test(text) ? at : null;
}

function describeMinutes(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}
