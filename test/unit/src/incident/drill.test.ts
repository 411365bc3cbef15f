import { afterEach, describe, expect, it } from 'vitest';

import type { EventEnvelope } from '../../../../src/contract/events';
import { deployErrorBump, deploysBetween } from '../../../../src/demo/demo-deploys';
import { linesBetween } from '../../../../src/demo/log-lines';
import { startDemoWorld } from '../../../../src/demo/start-demo-world';
import type { RunningDemo } from '../../../../src/demo/start-demo-world';
import { ConflictError, NotConfiguredError } from '../../../../src/errors';
import { createGraphiteClient } from '../../../../src/graphite/graphite-client';
import { createEventHub } from '../../../../src/service/event-hub';
import { incidentHandlers } from '../../../../src/service/incident-handlers';

// The drill through the demo's real Graphite protocol (render and events, as the adapters read
// them), the world's flag history and its log lines.

const running: RunningDemo[] = [];
afterEach(async () => {
  for (const demo of running.splice(0)) await demo.stop();
});

const FLAG = 'checkout.new-tax-engine';
const checkoutErrorRate = 'asPercent(sumSeries(checkout.*.errors), sumSeries(checkout.*.requests))';
const signal = () => AbortSignal.timeout(10_000);

async function startDemo(now?: () => number) {
  const demo = await startDemoWorld(now ? { now } : {});
  running.push(demo);
  const graphiteUrl = demo.catalog.backends.find((b) => b.kind === 'graphite')!.url;
  const graphite = createGraphiteClient({ kind: 'graphite', id: 'g', name: 'Graphite (demo)', url: graphiteUrl, auth: { type: 'none' } }, { reveal: () => undefined });
  return { demo, graphite };
}

describe('the incident drill in the demo world', () => {
  it('puts a deploy and a flag ramp just before a checkout error spike that Graphite shows', async () => {
    const { demo, graphite } = await startDemo();
    const drill = await demo.drill(signal());
    expect(drill.deployAt).toBeLessThan(drill.rampAt);
    expect(drill.rampAt).toBeLessThan(drill.ranAt);

    const [series] = await graphite.render({ targets: [checkoutErrorRate], from: drill.ranAt - 10 * 60_000, until: drill.ranAt, maxDataPoints: 60 }, signal());
    const points = series!.timestamps.map((at, i) => ({ at, value: series!.values[i] ?? null }));
    const mean = (from: number, until: number) => {
      const values = points.filter((p) => p.at >= from && p.at < until && p.value !== null).map((p) => p.value!);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    // Quiet before the deploy (the flag's earlier harm is written out of the past), several times higher once it is on.
    const before = mean(drill.ranAt - 8 * 60_000, drill.deployAt - 20_000);
    const during = mean(drill.rampAt + 10_000, drill.ranAt - 10_000);
    expect(before).toBeLessThan(2);
    expect(during).toBeGreaterThan(4 * before);

    const events = await graphite.events({ from: drill.ranAt - 5 * 60_000, until: drill.ranAt, tags: [] }, signal());
    const deploy = events.find((e) => e.tags.includes('deploy') && e.what.includes('move tax calculation behind a flag'));
    const flip = events.find((e) => e.tags.join(' ') === `flag ${FLAG} production`);
    expect(deploy?.at).toBe(Math.floor(drill.deployAt / 1000) * 1000);
    expect(flip?.at).toBe(Math.floor(drill.rampAt / 1000) * 1000);
  });

  it('leaves the flag on in production, and checkout logs errors from the ramp on', async () => {
    const { demo } = await startDemo();
    const drill = await demo.drill(signal());
    expect(demo.world.flags.get(FLAG)?.environments.find((e) => e.name === 'production')?.enabled).toBe(true);
    const errorShare = (from: number, until: number) => {
      const lines = linesBetween(demo.world, 'checkout', 'checkout-1', from, until);
      return lines.filter((l) => / ERROR /.test(l.text)).length / lines.length;
    };
    expect(errorShare(drill.ranAt - 10 * 60_000, drill.deployAt)).toBeLessThan(0.1);
    expect(errorShare(drill.rampAt + 5_000, drill.ranAt)).toBeGreaterThan(0.2);
  });

  it('has one cause: a bad checkout deploy of the demo\'s own in the quiet hour, or after, raises no errors', async () => {
    // A moment 3 minutes after a checkout deploy that goes wrong (2 points of errors for 8 minutes).
    const search = Date.UTC(2026, 10, 23);
    const bad = deploysBetween(['web', 'api', 'search', 'checkout'], search, search + 86_400_000).find(
      (d) => d.service === 'checkout' && deployErrorBump(d, d.at + 1) > 0,
    )!;
    const offset = Date.now() - (bad.at + 3 * 60_000);
    const { demo, graphite } = await startDemo(() => Date.now() - offset);
    expect(demo.world.errorRatio('checkout', bad.at + 60_000)).toBeGreaterThan(0.015); // the deploy's harm, before the drill
    const drill = await demo.drill(signal());
    const [series] = await graphite.render({ targets: [checkoutErrorRate], from: drill.ranAt - 10 * 60_000, until: drill.ranAt, maxDataPoints: 60 }, signal());
    const beforeRamp = series!.values.filter((v, i) => v !== null && series!.timestamps[i]! + 10_000 <= drill.rampAt) as number[];
    expect(beforeRamp.length).toBeGreaterThan(30);
    expect(Math.max(...beforeRamp)).toBeLessThan(2); // the panel's threshold: the first breach is the flag's
    expect(demo.world.errorRatio('checkout', drill.ranAt + 5 * 60_000)).toBeLessThan(0.08); // the flag's 7 points and the baseline only
  });

  it('refuses to run again while its own flag change is that recent, and says when it can', async () => {
    const { demo } = await startDemo();
    await demo.drill(signal());
    await expect(demo.drill(signal())).rejects.toThrow(ConflictError);
    await expect(demo.drill(signal())).rejects.toThrow(/run the drill again in a few minutes/);
  });
});

describe('demo.drill', () => {
  it('pushes the ramp as a marker so every dashboard refetches at once', async () => {
    const { demo } = await startDemo();
    const hub = createEventHub(() => {});
    const seen: EventEnvelope[] = [];
    hub.subscribe((event) => seen.push(event));
    const drill = await incidentHandlers({ events: hub, drill: demo.drill })['demo.drill']({}, { signal: signal() });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.name).toBe('markers.added');
    expect(seen[0]!.payload).toMatchObject({ markers: [{ kind: 'flip', at: drill.rampAt, tags: ['flag', FLAG, 'production'] }] });
  });

  it('outside the demo it says the drill is a demo thing', async () => {
    const handler = incidentHandlers({ events: createEventHub(() => {}), drill: null })['demo.drill'];
    await expect(handler({}, { signal: signal() })).rejects.toThrow(NotConfiguredError);
  });
});
