import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemorySettingsStore, createSettingsService, defaultSettings } from '../../../../src/config/settings';
import type { SettingsStore } from '../../../../src/config/settings';
import { createFileSettingsStore } from '../../../../src/host/file-settings-store';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'ops-settings-')), 'settings.json');

/** The one copy kept beside `file`. */
function kept(file: string): string {
  const copies = readdirSync(path.dirname(file)).filter((name) => name.startsWith('settings.kept-'));
  expect(copies).toHaveLength(1);
  return path.join(path.dirname(file), copies[0]!);
}

describe('settings', () => {
  it('start from the defaults when nothing was saved, with no warning', () => {
    expect(createSettingsService(createMemorySettingsStore()).view()).toEqual({ settings: defaultSettings, warning: null });
  });

  it('run on defaults with a warning naming the file when the saved file is not JSON, and keep a copy of it before a save replaces it', () => {
    const file = tempFile();
    writeFileSync(file, '{ "timeZone": "utc", ');
    const service = createSettingsService(createFileSettingsStore(file));
    expect(service.view().settings).toEqual(defaultSettings);
    expect(service.view().warning).toContain(file);
    const saved = service.update({ timeZone: 'local' });
    const copy = kept(file);
    expect(readFileSync(copy, 'utf8')).toBe('{ "timeZone": "utc", ');
    expect(saved.warning).toContain(copy);
  });

  it('name the bad field when a saved value is wrong, use its default and everything else, and keep the file until the user saves', () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify({ timeZone: 'mars', rangeMinutes: 360 }));
    const view = createSettingsService(createFileSettingsStore(file)).view();
    expect(view.warning).toContain('timeZone: expected one of "utc", "local", got "mars" (the default ("utc") is used)');
    expect(view.settings).toEqual({ ...defaultSettings, rangeMinutes: 360 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ timeZone: 'mars', rangeMinutes: 360 });
  });

  it('fill settings added since the file was written with their defaults', () => {
    const view = createSettingsService(createMemorySettingsStore({ timeZone: 'local' })).view();
    expect(view).toEqual({ settings: { ...defaultSettings, timeZone: 'local' }, warning: null });
  });

  it('survive a restart: what was saved is what is read', () => {
    const file = tempFile();
    createSettingsService(createFileSettingsStore(file)).update({ rangeMinutes: 60 });
    expect(createSettingsService(createFileSettingsStore(file)).view().settings.rangeMinutes).toBe(60);
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']); // no temporary file left behind
  });

  it('saved before the limits existed, keep every dashboard and backend that fits, and say what did not', () => {
    // As an older version wrote it: no maximum on targets, titles or URLs then.
    const wide = { id: 'fleet', title: 'Fleet', panels: [{ title: 'Errors on every host', targets: Array.from({ length: 150 }, (_, i) => `web-${i}.errors`), unit: '' }] };
    const long = { id: 'long', title: `Checkout ${'and everything around it '.repeat(30)}`, panels: [{ title: 'Orders', targets: ['checkout.orders'], unit: '' }] };
    const graphite = { kind: 'graphite', id: 'graphite', url: 'https://graphite.internal', auth: { type: 'none' } };
    const tooLong = { kind: 'logs', type: 'http', id: 'web-logs', url: `https://logs.internal/${'x'.repeat(3_000)}`, auth: { type: 'none' }, host: 'web-1', service: 'web', bufferLines: 100_000 };
    const older = { timeZone: 'local', rangeMinutes: 360, autoRefreshSeconds: 30, backends: [tooLong, graphite], dashboards: [wide, long], theme: 'dark' };
    const file = tempFile();
    writeFileSync(file, JSON.stringify(older));

    const { settings, warning } = createSettingsService(createFileSettingsStore(file)).view();
    expect(settings).toMatchObject({ timeZone: 'local', rangeMinutes: 360, autoRefreshSeconds: 30, backends: [graphite] });
    expect(settings.dashboards.map((d) => d.id)).toEqual(['fleet', 'long']);
    expect(settings.dashboards[0]!.panels[0]!.targets).toEqual(wide.panels[0]!.targets.slice(0, 100));
    expect(settings.dashboards[1]!.title).toHaveLength(500);
    expect(settings.dashboards[1]!.title.startsWith('Checkout and everything')).toBe(true);
    for (const said of [
      'dashboard "Fleet" › panel "Errors on every host" › targets: at most 100 items, got 150 (kept the first 100 of 150)',
      `dashboard "${long.title.slice(0, 59)}…" › title: at most 500 characters, got ${long.title.length} (cut to 500 characters)`,
      'backend "web-logs" › url: at most 2048 characters, got 3022, so the backend "web-logs" was left out',
      'the file: unknown field "theme" (ignored)',
    ]) {
      expect(warning).toContain(said);
    }
    expect(warning).toContain(file);
    // Nothing is written until the user saves.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(older);
  });

  it('keep a copy of a file they could not use in full before the first save replaces it, and only then', () => {
    const older = { timeZone: 'local', dashboards: [{ id: 'fleet', title: 'Fleet', panels: [{ title: 'Errors', targets: Array.from({ length: 101 }, (_, i) => `e${i}`) }] }] };
    const file = tempFile();
    writeFileSync(file, JSON.stringify(older));
    const service = createSettingsService(createFileSettingsStore(file));
    const saved = service.update({ rangeMinutes: 15 });
    const copy = kept(file);
    expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual(older);
    expect(saved.warning).toBe(`Saved. The settings file as it was before, with what could not be used, is kept as ${copy}.`);
    // What was saved is what was in use plus the change, never the defaults.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ timeZone: 'local', rangeMinutes: 15, dashboards: [{ id: 'fleet' }] });
    expect(service.update({ rangeMinutes: 30 }).warning).toBeNull();
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['settings.json', path.basename(copy)]);
  });

  it('save nothing when the copy of a file they could not use in full cannot be kept', () => {
    const memory = createMemorySettingsStore({ timeZone: 'mars' });
    const store: SettingsStore = { ...memory, keepCopy: () => { throw new Error('ENOSPC: no space left on device'); } };
    const service = createSettingsService(store);
    expect(() => service.update({ rangeMinutes: 15 })).toThrow(/Nothing was saved.*ENOSPC/);
    expect(store.load()).toEqual({ timeZone: 'mars' });
  });

  it('refuse an invalid change and keep the old settings', () => {
    const service = createSettingsService(createMemorySettingsStore());
    expect(() => service.update({ rangeMinutes: 1 })).toThrow(/cannot be saved/);
    expect(service.view().settings).toEqual(defaultSettings);
  });
});
