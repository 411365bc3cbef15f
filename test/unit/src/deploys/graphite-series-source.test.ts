import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphiteDefinition } from '../../../../src/contract/backend-definitions';
import { startGraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import type { GraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import { DemoWorld } from '../../../../src/demo/world';
import { createGraphiteSeriesSource } from '../../../../src/deploys/graphite-series-source';

const NOW = Date.UTC(2026, 10, 22, 14, 0, 0);
const HOUR = 3_600_000;
const noSecrets = { reveal: () => undefined };
const signal = new AbortController().signal;
const world = new DemoWorld(() => NOW);
let server: GraphiteDemoServer;
let graphite: GraphiteDefinition;

beforeAll(async () => {
  server = await startGraphiteDemoServer(world);
  graphite = { id: 'demo', kind: 'graphite', name: 'Graphite (demo)', url: server.url, auth: { type: 'none' } };
});
afterAll(() => server.close());

const source = (target: string) => createGraphiteSeriesSource({ id: 'deploy-series', name: 'Deploy counters', graphite, target, now: () => NOW }, noSecrets);

describe('deploy markers from deploys.* series', () => {
  it('finds every deploy, at the 10 s bucket it fell in, tagged with its service', async () => {
    const markers = await source('deploys.*').list(NOW - 3 * HOUR, NOW, signal);
    const deploys = world.deploys(NOW - 3 * HOUR, NOW);
    expect(deploys.length).toBeGreaterThan(20);
    expect(markers.map((m) => [m.at, m.tags])).toEqual(deploys.map((d) => [Math.floor(d.at / 10_000) * 10_000, ['deploy', d.service]]));
    expect(markers[0]).toMatchObject({ kind: 'deploy', who: 'unknown', what: `deploys.${deploys[0]!.service}`, link: null });
  });

  it('works with the drawAsInfinite target Etsy drew them with', async () => {
    const markers = await source('drawAsInfinite(deploys.web)').list(NOW - 3 * HOUR, NOW, signal);
    const web = world.deploys(NOW - 3 * HOUR, NOW).filter((d) => d.service === 'web');
    expect(markers.map((m) => m.at)).toEqual(web.map((d) => Math.floor(d.at / 10_000) * 10_000));
    expect(markers.every((m) => m.what === 'drawAsInfinite(deploys.web)' && m.tags.includes('web'))).toBe(true);
  });

  it('says in its connection test how many deploys the series show for the last day', async () => {
    await expect(source('deploys.*').check(signal)).resolves.toMatch(/^Graphite \(demo\) answered for deploys\.\*: \d{3} deploys in the last 24 h; the latest \d+ min ago \(deploys\.\w+\)\.$/);
  });
});
