import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemorySettingsStore, createSettingsService, defaultSettings } from '../../../../src/config/settings';
import { createFileSettingsStore } from '../../../../src/host/file-settings-store';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'ops-settings-')), 'settings.json');

describe('settings', () => {
  it('start from the defaults when nothing was saved, with no warning', () => {
    expect(createSettingsService(createMemorySettingsStore()).view()).toEqual({ settings: defaultSettings, warning: null });
  });

  it('run on defaults with a warning naming the file when the saved file is not JSON, and do not crash', () => {
    const file = tempFile();
    writeFileSync(file, '{ "timeZone": "utc", ');
    const view = createSettingsService(createFileSettingsStore(file)).view();
    expect(view.settings).toEqual(defaultSettings);
    expect(view.warning).toContain(file);
  });

  it('name the bad field when a saved value is wrong, and keep the file until the user saves', () => {
    const file = tempFile();
    writeFileSync(file, JSON.stringify({ timeZone: 'mars' }));
    const view = createSettingsService(createFileSettingsStore(file)).view();
    expect(view.warning).toMatch(/timeZone/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ timeZone: 'mars' });
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

  it('refuse an invalid change and keep the old settings', () => {
    const service = createSettingsService(createMemorySettingsStore());
    expect(() => service.update({ rangeMinutes: 1 })).toThrow(/cannot be saved/);
    expect(service.view().settings).toEqual(defaultSettings);
  });
});
