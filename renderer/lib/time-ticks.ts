import type { TimeZone } from './format-time';

const MINUTE = 60_000;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880].map((m) => m * MINUTE);

/**
 * Axis ticks on round clock times (every 15 min, every 6 h …) in the zone shown, about one per
 * `pixelsPerTick`. recharts' own numeric ticks would land on arbitrary milliseconds.
 */
export function timeTicks(from: number, until: number, width: number, zone: TimeZone, pixelsPerTick = 110): number[] {
  const span = until - from;
  if (!(span > 0) || width <= 0) return [];
  const wanted = Math.max(1, Math.floor(width / pixelsPerTick));
  const step = STEPS.find((s) => span / s <= wanted) ?? STEPS[STEPS.length - 1]!;
  // Round in the displayed zone, so local ticks fall on local hours.
  const offset = zone === 'local' ? -new Date(from).getTimezoneOffset() * MINUTE : 0;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= until; t += step) ticks.push(t);
  return ticks;
}
