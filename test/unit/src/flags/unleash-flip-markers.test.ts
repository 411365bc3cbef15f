import { afterEach, describe, expect, it } from 'vitest';

import type { MarkerSource } from '../../../../src/backends/backend-set';
import type { Marker } from '../../../../src/contract/wire-types';
import { DemoFlagStore } from '../../../../src/demo/demo-flags';
import { startUnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import type { UnleashDemoServer } from '../../../../src/demo/unleash-demo-server';
import { createFlagBackend } from '../../../../src/flags/create-flag-backend';

const TOKEN = '*:*.demo-admin-token';
const signal = () => AbortSignal.timeout(10_000);
const servers: UnleashDemoServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The demo Unleash with a clock the test moves, and the flag backend the console would build for it. */
async function setup(consoleFlips?: MarkerSource, clock: 'test' | 'wall' = 'test') {
  let now = Date.UTC(2026, 10, 23, 14, 0, 0);
  const store = new DemoFlagStore(() => (clock === 'wall' ? Date.now() : now));
  const server = await startUnleashDemoServer(store, { token: TOKEN });
  servers.push(server);
  const backend = createFlagBackend({ id: 'unleash', kind: 'flags', type: 'unleash', url: server.url, tokenSecret: 'unleash.token', project: 'default' }, { reveal: () => TOKEN }, consoleFlips);
  return { store, server, backend, at: () => now, advance: (ms: number) => (now += ms) };
}

/** Graphite's copy of console flips, as the Graphite events source returns it. */
const graphiteFlips = (markers: Marker[]): MarkerSource => ({ id: 'g', kind: 'deploys', name: 'Graphite flips', check: () => Promise.resolve(''), list: () => Promise.resolve(markers) });

describe('flips made in Unleash as markers on the graphs', () => {
  it('shows a flip and a rollout change made elsewhere, by whom, linked to the flag in Unleash', async () => {
    const { store, server, backend, at, advance } = await setup();
    const from = at();
    advance(60_000);
    store.setEnabled('feed.ranking-v2', 'production', !store.get('feed.ranking-v2')!.environments[1]!.enabled, 'snyder@example.com');
    advance(60_000);
    store.updateRollout('feed.ranking-v2', 'production', 'feed.ranking-v2:production:0', '40', 'hammond@example.com');

    const markers = await backend.markers[0]!.list(from, at() + 1, signal());
    expect(markers.map((m) => [m.who, m.what])).toEqual([
      ['hammond@example.com', 'flag feed.ranking-v2 audience 10 % → 40 % in production (in Unleash)'],
      ['snyder@example.com', `flag feed.ranking-v2 ${store.get('feed.ranking-v2')!.environments[1]!.enabled ? 'on' : 'off'} in production (in Unleash)`],
    ]);
    expect(markers[0]).toMatchObject({ kind: 'flip', link: `${server.url}/projects/default/features/feed.ranking-v2`, tags: ['flag', 'feed.ranking-v2', 'production'] });
  });

  it('leaves out a flip this console made, and one any console published to Graphite, so none is drawn twice', async () => {
    const published: Marker = { id: 'flip:x', kind: 'flip', at: 0, who: 'kastner@example.com', what: 'flag … : reason', link: null, tags: ['flag', 'search.suggestions-kill-switch', 'production'] };
    // The wall clock: the console notes its own writes by its clock, Unleash stamps events by its own (both NTP-synced).
    const { store, backend } = await setup(graphiteFlips([published]), 'wall');
    const from = Date.now() - 1_000;
    // Ours: through the adapter.
    const flag = (await backend.flags.list(signal())).find((f) => f.key === 'feed.ranking-v2')!;
    const { enabled, audience, rolloutPercent } = flag.environments[1]!;
    await backend.flags.write({ key: 'feed.ranking-v2', environment: 'production', expected: { enabled, audience, rolloutPercent }, to: { enabled: !enabled, audience, rolloutPercent } }, signal());
    // Another console's, which it published to Graphite 3 s after Unleash's event.
    store.setEnabled('search.suggestions-kill-switch', 'production', !store.get('search.suggestions-kill-switch')!.environments[1]!.enabled, 'admin');
    published.at = Date.now() + 3_000;
    // And one made in Unleash's UI.
    store.setEnabled('admin.staff-tools', 'development', !store.get('admin.staff-tools')!.environments[0]!.enabled, 'allspaw@example.com');

    const markers = await backend.markers[0]!.list(from, Date.now() + 1_000, signal());
    expect(markers.map((m) => m.tags[1])).toEqual(['admin.staff-tools']);
  });
});
