import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { LoadedConfig } from '../../../../src/config/config-file';
import { createMemorySecretVault } from '../../../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../../../src/config/settings';
import type { DashboardDefinition } from '../../../../src/contract/backend-definitions';
import { composeCore, lastKnownFilePath } from '../../../../src/host/compose-core';
import type { Core } from '../../../../src/host/compose-core';
import { createLogger } from '../../../../src/log';
import { LastKnownStore } from '../../../../src/service/last-known-store';
import { createFakeBackends } from '../../../fakes/fake-backends';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 10, 23, 12);
const web: DashboardDefinition = {
  id: 'web',
  title: 'Web',
  panels: [
    { title: 'Requests', targets: ['web.requests'], unit: '' },
    // 25 targets: asked in two requests, known only when both are.
    { title: 'Hosts', targets: Array.from({ length: 25 }, (_, i) => `web.host-${i}.load`), unit: '' },
  ],
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A core over the fake backends with the `web` dashboard in its config file, keeping its state in `stateDir`. */
function coreIn(stateDir: string, dashboards: DashboardDefinition[] = [web]): Core {
  const config: LoadedConfig = { status: { path: '/etc/ops/config.yaml', state: 'ok', error: null }, backends: [], dashboards };
  const core = composeCore({
    host: 'in-process',
    version: '0.0.0-test',
    settingsStore: createMemorySettingsStore({ rangeMinutes: 60 }),
    secretVault: createMemorySecretVault({ note: 'memory' }),
    logger: createLogger(() => {}),
    factory: { build: () => createFakeBackends({ logIntervalMs: 3_600_000 }), check: async () => 'ok' },
    config,
    stateDir,
    checkOutputs: true,
  });
  core.start();
  return core;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-last-known-'));
  dirs.push(dir);
  return dir;
}

async function ask<T>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

interface Known {
  dashboardId: string;
  panels: ({ series: { target: string }[]; from: number; until: number; fetchedAt: number } | null)[];
  markers: { markers: unknown[] } | null;
}

/** What the live dashboard asks for one refresh: every panel (in chunks of 20 targets) and the markers, remembered. */
async function drawLive(core: Core, until: number, span = HOUR) {
  const from = until - span;
  await ask(core, 'graphs.render', { targets: ['web.requests'], from, until, maxDataPoints: 400, remember: true });
  await ask(core, 'graphs.render', { targets: web.panels[1]!.targets.slice(0, 20), from, until, maxDataPoints: 400, remember: true });
  await ask(core, 'graphs.render', { targets: web.panels[1]!.targets.slice(20), from, until, maxDataPoints: 400, remember: true });
  await ask(core, 'markers.list', { from, until, remember: true });
}

describe("the dashboards' last-known renders", () => {
  it('are what the live dashboard last drew, for the same range only, panel by panel, with when they were fetched', async () => {
    const core = coreIn(tempDir());
    const before = Date.now();
    await drawLive(core, T);
    const open = await ask<{ settings: unknown; dashboards: unknown[]; lastKnown: Known }>(core, 'dashboards.open', { dashboardId: null, rangeMinutes: null });
    expect(open.dashboards).toHaveLength(1);
    expect(open.lastKnown.dashboardId).toBe('web');
    expect(open.lastKnown.panels.map((p) => p?.series.length)).toEqual([1, 25]);
    expect(open.lastKnown.panels[0]).toMatchObject({ from: T - HOUR, until: T });
    expect(open.lastKnown.panels[0]!.fetchedAt).toBeGreaterThanOrEqual(before);
    expect(open.lastKnown.markers).not.toBeNull();
    // Another range knows nothing of that drawing.
    const sixHours = await ask<Known>(core, 'graphs.lastKnown', { dashboardId: 'web', spanMs: 6 * HOUR });
    expect(sixHours.panels).toEqual([null, null]);
    expect(sixHours.markers).toBeNull();
    await core.stop();
  });

  it('only a remembered, complete render counts: a zoom is not kept, and a panel half asked is not known', async () => {
    const core = coreIn(tempDir());
    await ask(core, 'graphs.render', { targets: ['web.requests'], from: T - HOUR, until: T, maxDataPoints: 400 });
    await ask(core, 'graphs.render', { targets: web.panels[1]!.targets.slice(0, 20), from: T - HOUR, until: T, maxDataPoints: 400, remember: true });
    const known = await ask<Known>(core, 'graphs.lastKnown', { dashboardId: 'web', spanMs: HOUR });
    expect(known.panels).toEqual([null, null]);
    await core.stop();
  });

  it("a panel whose targets changed never shows the old targets' drawing", async () => {
    const stateDir = tempDir();
    const core = coreIn(stateDir);
    await drawLive(core, T);
    await core.stop();
    const edited: DashboardDefinition = { ...web, panels: [{ title: 'Requests', targets: ['web.requests.5xx'], unit: '' }, web.panels[1]!] };
    const next = coreIn(stateDir, [edited]);
    const known = await ask<Known>(next, 'graphs.lastKnown', { dashboardId: 'web', spanMs: HOUR });
    expect(known.panels[0]).toBeNull();
    expect(known.panels[1]).not.toBeNull();
    await next.stop();
  });

  it('outlive the core: written to the state directory on stop and read by the next start', async () => {
    const stateDir = tempDir();
    const first = coreIn(stateDir);
    await drawLive(first, T);
    await first.stop();
    expect(JSON.parse(readFileSync(lastKnownFilePath(stateDir), 'utf8'))).toMatchObject({ version: 1 });
    const second = coreIn(stateDir);
    const open = await ask<{ lastKnown: Known }>(second, 'dashboards.open', { dashboardId: 'web', rangeMinutes: 60 });
    expect(open.lastKnown.panels.map((p) => p?.until)).toEqual([T, T]);
    await second.stop();
  });

  it('an unreadable file only means nothing is known yet, and it is said in the log', async () => {
    const stateDir = tempDir();
    writeFileSync(lastKnownFilePath(stateDir), '{"version": 1, "entries": [["half');
    const warnings: unknown[] = [];
    const store = new LastKnownStore(lastKnownFilePath(stateDir), (error) => warnings.push(error));
    await store.ready;
    expect(store.render('anything')).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('stay within their limits: the least recently written go first', async () => {
    const store = new LastKnownStore(path.join(tempDir(), 'last.json'), () => {}, { maxEntries: 3, maxBytes: 1_000_000, writeEveryMs: 60_000 });
    await store.ready;
    const render = (n: number) => ({ series: [{ target: `s${n}`, name: `s${n}`, timestamps: [n], values: [n] }], from: 0, until: 1, fetchedAt: n });
    for (let n = 1; n <= 4; n++) store.rememberRender(`k${n}`, render(n));
    store.rememberRender('k2', render(22));
    store.rememberRender('k5', render(5));
    expect(['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => store.render(k)?.fetchedAt ?? null)).toEqual([null, 22, null, 4, 5]);
    // Bytes count too: one answer bigger than the whole budget is not kept at all.
    const small = new LastKnownStore(path.join(tempDir(), 'small.json'), () => {}, { maxEntries: 100, maxBytes: 300, writeEveryMs: 60_000 });
    await small.ready;
    small.rememberRender('huge', { ...render(1), series: [{ target: 'x', name: 'x', timestamps: Array.from({ length: 100 }, (_, i) => i), values: Array.from({ length: 100 }, () => 1) }] });
    expect(small.render('huge')).toBeNull();
    await store.flush();
    await small.flush();
  });
});
