import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GraphiteDefinition } from '../../../../src/contract/backend-definitions';
import type { FlagChange } from '../../../../src/contract/wire-types';
import { startGraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import type { GraphiteDemoServer } from '../../../../src/demo/graphite-demo-server';
import { DemoWorld } from '../../../../src/demo/world';
import { createGraphiteChangeRecorder } from '../../../../src/deploys/graphite-change-recorder';
import { flipMarker } from '../../../../src/deploys/flip-marker';
import { createGraphiteEventsSource } from '../../../../src/deploys/graphite-events-source';
import { createGraphiteClient } from '../../../../src/graphite/graphite-client';

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

const source = (tags: string[], kind: 'deploy' | 'flip') =>
  createGraphiteEventsSource({ id: `events-${kind}`, name: `${kind}s from Graphite`, graphite, tags, kind, now: () => NOW }, noSecrets);

describe('deploy markers from Graphite events', () => {
  it('marks every deploy with who, what and its service tag', async () => {
    const markers = await source(['deploy'], 'deploy').list(NOW - 2 * HOUR, NOW, signal);
    const deploys = world.deploys(NOW - 2 * HOUR, NOW);
    expect(deploys.length).toBeGreaterThan(10);
    expect(markers).toEqual(
      deploys.map((d) => ({
        id: expect.stringMatching(/^graphite-event:/),
        kind: 'deploy',
        at: Math.floor(d.at / 1000) * 1000,
        who: d.who,
        what: d.what,
        link: null,
        tags: ['deploy', d.service],
      })),
    );
  });

  it("shows one service's deploys when its tag is asked for too", async () => {
    const markers = await source(['deploy', 'checkout'], 'deploy').list(NOW - 6 * HOUR, NOW, signal);
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((m) => m.tags.includes('checkout') && m.what.startsWith('checkout:'))).toBe(true);
  });

  it('shows no deploys for a service that never deployed, although Graphite then ignores that tag', async () => {
    expect(await source(['deploy', 'billing'], 'deploy').list(NOW - 6 * HOUR, NOW, signal)).toEqual([]);
  });

  it('reads who from `who=` text data too, and drops a link that is not http(s)', async () => {
    const client = createGraphiteClient(graphite, noSecrets);
    await client.postEvent({ what: 'deploy api 877', tags: ['release', 'api'], data: 'who=bob sha=d4e5f6 link=javascript:alert(1)', when: (NOW - HOUR) / 1000 }, signal);
    await client.postEvent({ what: 'deploy api 878', tags: ['release', 'api'], data: '{"by":"carol","link":"https://ci.example/878"}', when: (NOW - HOUR) / 1000 + 5 }, signal);
    const markers = await source(['release'], 'deploy').list(NOW - 2 * HOUR, NOW, signal);
    expect(markers.map((m) => [m.who, m.link])).toEqual([
      ['bob', null],
      ['carol', 'https://ci.example/878'],
    ]);
  });

  it("says in its connection test how many deploys the last day had and who did the latest", async () => {
    const latest = world.deploys(NOW - HOUR, NOW).at(-1)!;
    const minutes = Math.round((NOW - Math.floor(latest.at / 1000) * 1000) / 60_000);
    await expect(source(['deploy'], 'deploy').check(signal)).resolves.toMatch(
      new RegExp(`^Graphite \\(demo\\) events answered: \\d{3} deploys tagged "deploy" in the last 24 h; the latest ${minutes} min ago by ${latest.who}\\.$`),
    );
  });
});

describe('flag flips recorded in Graphite', () => {
  const flip: FlagChange = {
    key: 'checkout-new-tax',
    environment: 'production',
    before: { enabled: true, audience: 'everyone', rolloutPercent: null },
    after: { enabled: false, audience: 'everyone', rolloutPercent: null },
    at: NOW - 90_500,
    by: 'hammond',
    reason: 'checkout 5xx since the 13:52 deploy',
    via: 'console',
  };

  it('come back as flip markers saying who flipped what, and why', async () => {
    const recorder = createGraphiteChangeRecorder(graphite, noSecrets, () => NOW);
    // Its own health entry: a Graphite user may render but not post.
    expect(recorder.id).not.toBe(graphite.id);
    await expect(recorder.check(signal)).resolves.toBe("Graphite (demo)'s events API answered: 0 flag flips recorded in the last 24 h.");
    await recorder.record(flip, signal);
    const markers = await source(['flag'], 'flip').list(NOW - 5 * 60_000, NOW, signal);
    expect(markers).toEqual([
      {
        // The same identity as the marker the core drew when the flip was confirmed, so it shows once.
        id: flipMarker(flip).id,
        kind: 'flip',
        at: NOW - 91_000,
        who: 'hammond',
        // Word for word what the live marker says, and what Grafana shows from the same event.
        what: 'flag checkout-new-tax on for everyone → off in production: checkout 5xx since the 13:52 deploy',
        link: null,
        tags: ['flag', 'checkout-new-tax', 'production'],
      },
    ]);
    expect(markers[0]!.what).toBe(flipMarker(flip).what);
    expect(await source(['deploy'], 'deploy').list(NOW - 5 * 60_000, NOW, signal)).not.toContainEqual(expect.objectContaining({ kind: 'flip' }));
    await expect(recorder.check(signal)).resolves.toBe("Graphite (demo)'s events API answered: 1 flag flip recorded in the last 24 h.");
  });

  it('read in Grafana, say what changed in the title and why, before → after in the text', async () => {
    const recorder = createGraphiteChangeRecorder(graphite, noSecrets, () => NOW);
    await recorder.record({ ...flip, key: 'search-kill-switch', at: NOW - 30_000 }, signal);
    const [event] = await createGraphiteClient(graphite, noSecrets).events({ from: NOW - 60_000, until: NOW, tags: ['flag', 'search-kill-switch'] }, signal);
    expect(event!.what).toBe('flag search-kill-switch on for everyone → off in production');
    expect(JSON.parse(event!.data)).toMatchObject({ reason: 'checkout 5xx since the 13:52 deploy', change: 'on for everyone → off', who: 'hammond' });
  });
});
