/** A linear map value → pixel, recovered from a scale at two points so the loop below stays arithmetic. */
export interface LinearMap {
  a: number;
  b: number;
}

export function linearMap(scale: (value: number) => number | undefined, d0: number, d1: number): LinearMap | null {
  const p0 = scale(d0);
  const p1 = scale(d1);
  if (p0 === undefined || p1 === undefined || d1 === d0) return null;
  const b = (p1 - p0) / (d1 - d0);
  return { a: p0 - b * d0, b };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * One SVG path for a whole series. A null starts a new subpath, so a gap in the data stays a gap
 * on screen instead of a line drawn across it (or a drop to zero).
 *
 * A point labelled after `end` is drawn at `end`: graphite-web labels a consolidated bucket one
 * raw step after its first raw point, so the bucket holding the newest points of the range can
 * carry a label after the range's end. Its data lies inside the range, so it is drawn where its
 * span meets the range's end, not clipped away.
 */
export function seriesPath(timestamps: readonly number[], values: readonly (number | null)[], x: LinearMap, y: LinearMap, end = Infinity): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < timestamps.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${round1(x.a + x.b * Math.min(timestamps[i]!, end))},${round1(y.a + y.b * v)}`;
    pen = true;
  }
  return d;
}

/** All vertical marker lines of one kind in one `d`: a thousand markers cost one element. */
export function markerPath(times: readonly number[], x: LinearMap, top: number, bottom: number): string {
  let d = '';
  for (const t of times) d += `M${Math.round(x.a + x.b * t) + 0.5},${top}V${bottom}`;
  return d;
}

/** Round steps for about five ticks over `span`: 1, 2, 2.5 or 5 times a power of ten. */
function niceStep(span: number): number {
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
}

/**
 * About five ticks on round numbers between `bottom` and `top` (niceDomain's bounds). Handing
 * them to the axis spares recharts its own tick search (decimal arithmetic on every redraw).
 */
export function niceTicks([bottom, top]: readonly [number, number]): number[] {
  const step = niceStep(top - bottom);
  const ticks: number[] = [];
  for (let i = Math.ceil(bottom / step - 1e-9); i * step <= top + step * 1e-9; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** Axis bounds on round numbers with a little headroom; a flat series still gets some height. */
export function niceDomain(values: Iterable<number | null>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.08;
  const step = niceStep(hi - lo + 2 * pad);
  const bottom = Math.floor((lo - pad) / step) * step;
  // Rates, counts and latencies are never negative: an axis down to -500 req/s only confuses.
  return [lo >= 0 ? Math.max(0, bottom) : bottom, Math.ceil((hi + pad) / step) * step];
}
