import { afterEach, describe, expect, it } from 'vitest';

import { demoDashboards } from '../../../../src/demo/demo-dashboards';
import { startDemoWorld } from '../../../../src/demo/start-demo-world';
import type { RunningDemo } from '../../../../src/demo/start-demo-world';
import { createGraphiteMetricsSource } from '../../../../src/graphite/graphite-metrics-source';
import { findPanelOnset } from '../../../../renderer/features/graphs/onset';

// The onset method on the incident drill's spike as the demo's Graphite draws it (10 s buckets),
// through the real adapter: wherever the spike is clicked, it starts at the ramp.

let demo: RunningDemo | undefined;
afterEach(async () => demo?.stop());

const STEP = 10_000;
const panel = (dashboard: string, title: string) => demoDashboards.find((d) => d.id === dashboard)!.panels.find((p) => p.title === title)!;

/**
 * The drill run at `phase` ms into a 10 s bucket, on a clock the test holds: the flip comes two
 * minutes (twelve buckets) before the drill runs, so it lands at the same place in its bucket. A
 * bucket shows the state at its close, so where in the bucket the flip lands decides the bucket
 * it first shows in; on the wall clock that would be chance.
 */
async function drillSpike(phase: number) {
  const clock = { now: Math.floor(Date.now() / STEP) * STEP + phase };
  demo = await startDemoWorld({ now: () => clock.now });
  const drill = await demo.drill(AbortSignal.timeout(10_000));
  const graphite = demo.catalog.backends.find((b) => b.kind === 'graphite')!;
  const metrics = createGraphiteMetricsSource(graphite, { reveal: () => undefined });
  const render = (targets: string[]) => metrics.render({ targets, from: drill.ranAt - 60 * 60_000, until: drill.ranAt, maxDataPoints: 1_000 }, AbortSignal.timeout(10_000));
  const checkout = await render(panel('checkout', 'Checkout error rate').targets);
  const everyService = await render(panel('production', 'Error rate').targets);
  const rampBucket = Math.floor(drill.rampAt / STEP) * STEP;
  /** A click every half bucket from the middle of `from`'s bucket to the last complete one. */
  const clicksFrom = (from: number) => {
    const at: number[] = [];
    for (let t = from + STEP / 2; t < drill.ranAt - STEP; t += STEP / 2) at.push(t);
    return at;
  };
  return { drill, checkout, everyService, rampBucket, clicksFrom };
}

describe('the drill spike', () => {
  it('clicked anywhere from its first bucket to now, starts in the bucket of the ramp; before it there is no anomaly', async () => {
    const { drill, checkout, everyService, rampBucket, clicksFrom } = await drillSpike(5_000);
    for (const at of clicksFrom(rampBucket)) {
      const what = `a click ${Math.round((at - drill.rampAt) / 1000)} s after the ramp`;
      const onCheckout = findPanelOnset(checkout, at);
      expect(onCheckout?.at, what).toBe(rampBucket);
      // On the panel of every service, a click on checkout's line: checkout, from the same bucket
      // (another service's bad deploy may be out of line at the same moment, further out).
      expect(findPanelOnset(everyService, at, { value: onCheckout!.clicked, tolerance: 0.5 }), what).toMatchObject({ series: 'checkout', at: rampBucket });
    }
    // Checkout was quiet before the deploy (the drill wrote its past): a click in its last ten minutes finds no anomaly.
    for (let at = drill.deployAt - 10 * 60_000; at < drill.deployAt; at += STEP / 2) expect(findPanelOnset(checkout, at), new Date(at).toISOString()).toBeNull();
  });

  it('with the flip in the last millisecond of a bucket, starts in the next one: the first whose close saw the errors', async () => {
    const { drill, checkout, rampBucket, clicksFrom } = await drillSpike(STEP - 1);
    const shown = rampBucket + STEP;
    for (const at of clicksFrom(shown)) expect(findPanelOnset(checkout, at)?.at, `a click ${Math.round((at - drill.rampAt) / 1000)} s after the ramp`).toBe(shown);
    // The flip's own bucket closed a millisecond after it, before its errors showed: in line with the quiet before.
    expect(findPanelOnset(checkout, rampBucket + STEP / 2)).toBeNull();
  });
});
