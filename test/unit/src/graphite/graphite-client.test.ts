import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphiteDefinition } from '../../../../src/contract/backend-definitions';
import { startGraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import type { GraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import { DemoWorld } from '../../../../src/demo/world';
import { createGraphiteClient } from '../../../../src/graphite/graphite-client';

const NOW = Date.UTC(2026, 10, 22, 14, 0, 0);
const HOUR = 3_600_000;
const noSecrets = { reveal: () => undefined };
const signal = new AbortController().signal;
let server: GraphiteDemoServer;
let graphite: ReturnType<typeof createGraphiteClient>;

beforeAll(async () => {
  server = await startGraphiteDemoServer(new DemoWorld(() => NOW));
  const def: GraphiteDefinition = { id: 'demo', kind: 'graphite', name: 'Graphite (demo)', url: server.url, auth: { type: 'none' } };
  graphite = createGraphiteClient(def, noSecrets);
});
afterAll(() => server.close());

const render = (targets: string[], from = NOW - HOUR, until = NOW, maxDataPoints?: number) =>
  graphite.render({ targets, from, until, ...(maxDataPoints ? { maxDataPoints } : {}) }, signal);

describe('Graphite client: render', () => {
  it('gives times in epoch milliseconds and keeps the still-open bucket as a gap, not a zero', async () => {
    const [series] = await render(['web.web-1.requests'], NOW - 5 * 60_000);
    expect(series!.timestamps.at(-1)).toBe(NOW);
    expect(series!.timestamps[1]! - series!.timestamps[0]!).toBe(10_000);
    expect(series!.values.at(-1)).toBeNull();
    expect(series!.values.slice(0, -1).every((v) => typeof v === 'number' && v > 0)).toBe(true);
  });

  it('draws nothing after now, however far the range reaches into the future', async () => {
    const [series] = await render(['web.web-1.requests'], NOW - HOUR, NOW + HOUR);
    expect(Math.max(...series!.timestamps)).toBeLessThanOrEqual(NOW);
  });

  it('ends with the bucket holding the newest point of the range, though graphite-web labels it up to a raw step after `until`', async () => {
    const RAW_STEP = 10_000; // the demo world's, like a 10 s carbon retention
    let labelledAfterUntil = 0;
    for (let k = 0; k < 40; k++) {
      const until = NOW - HOUR + k * 3_137;
      const [series] = await render(['sumSeries(web.*.requests)'], until - 6 * HOUR, until, 300);
      const last = series!.timestamps.at(-1)!;
      const width = last - series!.timestamps.at(-2)!;
      // A consolidated bucket labelled L holds the raw points from L − step on (views.py's nudge).
      const newestRaw = Math.floor(until / RAW_STEP) * RAW_STEP;
      expect(last - RAW_STEP).toBeLessThanOrEqual(newestRaw);
      expect(newestRaw).toBeLessThan(last - RAW_STEP + width);
      if (last > until) labelledAfterUntil++;
    }
    expect(labelledAfterUntil).toBeGreaterThan(0);
  });

  it('never returns more points than maxDataPoints asks for, at an even step', async () => {
    const [series] = await render(['sumSeries(web.*.requests)'], NOW - 24 * HOUR, NOW, 500);
    expect(series!.timestamps.length).toBeLessThanOrEqual(500);
    expect(series!.timestamps.length).toBeGreaterThan(250);
    const steps = new Set(series!.timestamps.slice(1).map((t, i) => t - series!.timestamps[i]!));
    expect(steps).toEqual(new Set([180_000]));
  });

  it('sums hosts: sumSeries equals the sum of the hosts point by point', async () => {
    const [h1, h2, h3, sum] = await render(['web.*.requests', 'sumSeries(web.*.requests)']);
    expect([h1, h2, h3].map((s) => s!.name)).toEqual(['web.web-1.requests', 'web.web-2.requests', 'web.web-3.requests']);
    sum!.values.forEach((v, i) => {
      if (v === null) expect(h1!.values[i]).toBeNull();
      else expect(v).toBeCloseTo(h1!.values[i]! + h2!.values[i]! + h3!.values[i]!, 6);
    });
  });

  it('gives the error rate with asPercent of errors over requests', async () => {
    const [errors, requests, rate] = await render([
      'sumSeries(checkout.*.errors)',
      'sumSeries(checkout.*.requests)',
      'asPercent(sumSeries(checkout.*.errors),sumSeries(checkout.*.requests))',
    ]);
    expect(rate!.name).toBe('asPercent(sumSeries(checkout.*.errors),sumSeries(checkout.*.requests))');
    rate!.values.slice(0, -1).forEach((v, i) => expect(v).toBeCloseTo((100 * errors!.values[i]!) / requests!.values[i]!, 6));
    expect(rate!.values.slice(0, -1).every((v) => v! > 0 && v! < 100)).toBe(true);
  });

  it('names series by aliasByNode for the legend, and keeps them apart', async () => {
    const series = await render(['aliasByNode(web.*.latency.p95,1)']);
    expect(series.map((s) => s.name)).toEqual(['web-1', 'web-2', 'web-3']);
    expect(new Set(series.map((s) => s.target)).size).toBe(3);
  });

  it('expands wildcards, {a,b} alternatives and [..] ranges per path node', async () => {
    expect((await render(['{web,api}.*-1.requests'])).map((s) => s.name)).toEqual(['api.api-1.requests', 'web.web-1.requests']);
    expect((await render(['web.web-[13].errors'])).map((s) => s.name)).toEqual(['web.web-1.errors', 'web.web-3.errors']);
    expect(await render(['web.*'])).toEqual([]);
  });

  it('returns [] for a target Graphite half-parses, since it cannot tell that from no data', async () => {
    expect(await render(['sumSeries(('])).toEqual([]);
  });

  it('says which function Graphite does not know, without its raw answer', async () => {
    const failure = render(['sumSeriess(web.*.requests)']);
    await expect(failure).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(failure).rejects.toThrow(
      'Graphite (demo) rejected the target "sumSeriess(web.*.requests)": Received request for unknown function: sumSeriess.',
    );
  });

  it('explains a target Graphite chokes on without its HTML traceback page', async () => {
    const failure = render(['((']);
    await expect(failure).rejects.toThrow(/^Graphite \(demo\) could not evaluate the target "\(\(" \(server error 500\); it said "pyparsing/);
    await expect(failure).rejects.not.toThrow(/<|&lt;/);
  });
});

describe('Graphite client: find and events', () => {
  it('lists the metric tree', async () => {
    const nodes = await graphite.find('web.web-1.*', signal);
    expect(nodes).toEqual([
      { id: 'web.web-1.latency', text: 'latency', leaf: false },
      { id: 'web.web-1.errors', text: 'errors', leaf: true },
      { id: 'web.web-1.requests', text: 'requests', leaf: true },
    ]);
  });

  it('posts an event and reads it back by its tags, at the second it was posted', async () => {
    await graphite.postEvent({ what: 'restart search-2', tags: ['ops', 'search'], data: 'who=dixon', when: (NOW - 60_000) / 1000 }, signal);
    const events = await graphite.events({ from: NOW - 2 * 60_000, until: NOW, tags: ['ops', 'search'] }, signal);
    expect(events).toEqual([{ id: expect.any(String), what: 'restart search-2', at: NOW - 60_000, data: 'who=dixon', tags: ['ops', 'search'] }]);
  });
});
