import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';

import { createSettingsService, defaultSettings } from '../../../src/config/settings';
import { createElectronSettingsStore } from '../../../main/settings-store';

// electron-store imports `electron` at load, which from plain Node starts a download; so these
// tests drive the adapter with `conf`, the class electron-store extends, with the same options.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function settingsFile() {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ops-settings-'));
  dirs.push(cwd);
  const file = path.join(cwd, 'settings.json');
  const store = () =>
    createElectronSettingsStore(
      ({ replaceUnreadable }) => new Conf<Record<string, unknown>>({ cwd, configName: 'settings', clearInvalidConfig: replaceUnreadable }),
      file,
    );
  return { file, store };
}

describe('settings in electron-store', () => {
  it('reports nothing saved on first start, and where the file will be', () => {
    const { file, store } = settingsFile();
    expect(store().load()).toBeUndefined();
    expect(store().location).toBe(file);
  });

  it('reads back what was saved, after a restart', () => {
    const { file, store } = settingsFile();
    store().save({ ...defaultSettings, timeZone: 'local', rangeMinutes: 60, autoRefreshSeconds: 0 });
    expect(store().load()).toEqual({ ...defaultSettings, timeZone: 'local', rangeMinutes: 60, autoRefreshSeconds: 0 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...defaultSettings, timeZone: 'local', rangeMinutes: 60, autoRefreshSeconds: 0 });
  });

  it('drops keys that are no longer in the settings when saving', () => {
    const { file, store } = settingsFile();
    writeFileSync(file, JSON.stringify({ timeZone: 'utc', theme: 'dark' }));
    store().save({ ...defaultSettings, timeZone: 'utc', rangeMinutes: 30, autoRefreshSeconds: 10 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...defaultSettings, timeZone: 'utc', rangeMinutes: 30, autoRefreshSeconds: 10 });
  });

  it('a broken file gives defaults with a warning, and is replaced only when the user saves, a copy of it kept first', () => {
    const { file, store } = settingsFile();
    writeFileSync(file, '{ "timeZone": ');
    const service = createSettingsService(store());
    expect(service.view().warning).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('{ "timeZone": ');
    const copy = /kept as (.+)\.$/.exec(service.update({ rangeMinutes: 15 }).warning ?? '')?.[1];
    expect(copy && readFileSync(copy, 'utf8')).toBe('{ "timeZone": ');
    expect(store().load()).toMatchObject({ rangeMinutes: 15 });
  });
});
