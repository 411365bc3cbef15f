import { describe, expect, it } from 'vitest';

import { BackendCatalog } from '../../../../src/backends/backend-catalog';
import type { LoadedConfig } from '../../../../src/config/config-file';
import { defaultSettings } from '../../../../src/config/settings';
import type { DashboardDefinition } from '../../../../src/contract/backend-definitions';

const board = (id: string, title = id): DashboardDefinition => ({ id, title, panels: [{ title: 'a', targets: ['a.b'], unit: '' }] });
const absent: LoadedConfig = { status: { path: '/none', state: 'absent', error: null }, backends: [], dashboards: [] };
const demo = { backends: [{ kind: 'graphite' as const, id: 'demo-graphite', url: 'http://127.0.0.1:1', auth: { type: 'none' as const } }], dashboards: [board('web'), board('checkout')] };
const listed = (catalog: BackendCatalog, dashboards: DashboardDefinition[]) =>
  catalog.dashboards({ ...defaultSettings, dashboards }).map((e) => `${e.origin}:${e.dashboard.id}:${e.dashboard.title}`);

describe('which dashboards are listed', () => {
  it('in the demo, saved dashboards join the demo ones, a saved copy takes its original place, and the demo backends stay', () => {
    const catalog = new BackendCatalog(absent, demo);
    expect(listed(catalog, [board('mine'), board('web', 'Web, edited')])).toEqual(['settings:web:Web, edited', 'demo:checkout:checkout', 'settings:mine:mine']);
    expect(catalog.usesDemo({ ...defaultSettings, dashboards: [board('mine')] })).toBe(true);
  });

  it('once a backend is added, the demo and its dashboards are gone; the saved ones stay', () => {
    const catalog = new BackendCatalog(absent, demo);
    const settings = { ...defaultSettings, backends: demo.backends, dashboards: [board('mine')] };
    expect(catalog.usesDemo(settings)).toBe(false);
    expect(catalog.dashboards(settings).map((e) => `${e.origin}:${e.dashboard.id}`)).toEqual(['settings:mine']);
  });

  it('knows which dashboard ids the config file defines', () => {
    const catalog = new BackendCatalog({ ...absent, status: { path: '/etc/c.yaml', state: 'ok', error: null }, dashboards: [board('ops')] }, demo);
    expect(catalog.isDashboardFromConfig('ops')).toBe(true);
    expect(catalog.isDashboardFromConfig('web')).toBe(false);
    expect(listed(catalog, [board('mine')])).toEqual(['config:ops:ops', 'settings:mine:mine']);
  });
});
