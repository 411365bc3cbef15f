// The shapes the onset method is tested on: what is sent to a real carbon (one point a minute, the
// integration Graphite's retention) and what the method must make of the graphs graphite-web
// draws from it. test/integration/onset-shapes.test.ts sends them and checks live;
// with OPS_RECORD_ONSET_SHAPES=1 it also writes what graphite-web answered to
// test/fixtures/onset-shapes.json, which the unit test (test/unit/renderer/onset.test.ts) reads.

export const MINUTE = 60_000;
/** Minutes of history before the change: an hour of level to judge by. */
export const BEFORE = 60;
/** Minutes after the change that are sent. */
export const AFTER = 12;

export interface OnsetShape {
  name: string;
  /** Carbon metric path → value at minute `m` (0 … BEFORE+AFTER-1), or null for no point that minute. */
  series: Record<string, (m: number) => number | null>;
  /**
   * The minute the change happened (its bucket is where the onset must be: up to `lag` buckets
   * later for a climb that stands out only after a while); null for a shape with no anomaly.
   */
  changeMinute: number | null;
  lag?: number;
  /** The metric whose anomaly it is (the others of a panel stay in line). */
  anomalous: string | null;
  /** After this minute the anomaly is over (a spike): a click there is on no anomaly. */
  endsMinute?: number;
}

/** A deterministic, roughly normal noise: the same shape on every run and in the fixture. */
function noise(seed: number, m: number): number {
  let x = Math.sin(seed * 12.9898 + m * 78.233) * 43758.5453;
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    x = Math.sin(x * 1.618 + i) * 43758.5453;
    sum += x - Math.floor(x);
  }
  return (sum - 2) * 1.7;
}

const CHANGE = BEFORE;

export const ONSET_SHAPES: OnsetShape[] = [
  { name: 'step up', series: { 'shape.step.requests': (m) => 100 + 3 * noise(1, m) + (m >= CHANGE ? 60 : 0) }, changeMinute: CHANGE, anomalous: 'shape.step.requests' },
  { name: 'step down', series: { 'shape.drop.requests': (m) => 300 + 8 * noise(2, m) - (m >= CHANGE ? 180 : 0) }, changeMinute: CHANGE, anomalous: 'shape.drop.requests' },
  {
    name: 'ramp',
    series: { 'shape.ramp.latency': (m) => 50 + 2 * noise(3, m) + (m >= CHANGE ? 4 * (m - CHANGE + 1) : 0) },
    changeMinute: CHANGE,
    lag: 2,
    anomalous: 'shape.ramp.latency',
  },
  {
    name: 'spike',
    series: { 'shape.spike.errors': (m) => Math.max(0, 0.4 + 0.08 * noise(4, m) + (m >= CHANGE && m < CHANGE + 5 ? 6.5 : 0)) },
    changeMinute: CHANGE,
    endsMinute: CHANGE + 5,
    anomalous: 'shape.spike.errors',
  },
  { name: 'noisy flat', series: { 'shape.flat.requests': (m) => 200 + 20 * noise(5, m) }, changeMinute: null, anomalous: null },
  {
    name: 'gaps',
    // A host that misses a minute now and then, and five minutes in the hour before.
    series: { 'shape.gappy.requests': (m) => ((m >= 30 && m < 35) || m === CHANGE + 2 || m === CHANGE - 3 ? null : 80 + 2 * noise(6, m) + (m >= CHANGE ? 40 : 0)) },
    changeMinute: CHANGE,
    anomalous: 'shape.gappy.requests',
  },
  {
    name: 'several services',
    series: Object.fromEntries(
      ['web', 'api', 'search', 'checkout'].map((service, k) => [
        `shape.services.${service}.errors`,
        (m: number) => 0.4 + 0.06 * noise(10 + k, m) + (service === 'checkout' && m >= CHANGE ? 7 : 0),
      ]),
    ),
    changeMinute: CHANGE,
    anomalous: 'shape.services.checkout.errors',
  },
];

/** The plaintext lines for carbon: minute `m` of every shape is `(BEFORE + AFTER - m)` minutes before `t0`. */
export function carbonLines(t0: number): string[] {
  const lines: string[] = [];
  for (const shape of ONSET_SHAPES) {
    for (const [path, value] of Object.entries(shape.series)) {
      for (let m = 0; m < BEFORE + AFTER; m++) {
        const v = value(m);
        if (v !== null) lines.push(`${path} ${v.toFixed(4)} ${(minuteAt(t0, m)) / 1000}`);
      }
    }
  }
  return lines;
}

/** Epoch ms of a shape's minute `m` when the newest one ends at `t0`. */
export function minuteAt(t0: number, m: number): number {
  return t0 - (BEFORE + AFTER - m) * MINUTE;
}

/** The targets that draw a shape as a panel would: every metric of it, named by its path. */
export function shapeTargets(shape: OnsetShape): string[] {
  return Object.keys(shape.series);
}
