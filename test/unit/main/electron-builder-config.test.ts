import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// electron-builder's own loader and schema check (what `npm run dist` runs first), without
// packaging anything: a misspelt key or a value of the wrong type fails here, not at release.
const load = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);
const validate = (config: Configuration) => validateConfiguration(config, new DebugLogger(false));

const targetsOf = (platform: Configuration['linux'] | Configuration['mac'] | Configuration['win']) =>
  [platform?.target].flat().map((target) => (typeof target === 'string' ? target : target?.target));

/** Every pattern in `files`, which electron-builder's loader normalises to `[{ filter: [...] }]`. */
const filePatterns = (config: Configuration): string[] =>
  [config.files].flat().flatMap((entry) => (entry == null ? [] : typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    await expect(validate(await load())).resolves.toBeUndefined();
  });

  it('would catch a misspelt key (the check above is not a no-op)', async () => {
    await expect(validate({ ...(await load()), fiels: ['out/**'] } as Configuration)).rejects.toThrow(/fiels/);
  });

  it('builds AppImage and deb on Linux, dmg on macOS and an NSIS installer on Windows', async () => {
    const config = await load();
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(config.linux?.category).toBeTruthy();
    expect(config.linux?.maintainer).toBeTruthy();
  });

  it('packages the built main and renderer, into an asar, and nothing it does not run', async () => {
    const config = await load();
    const patterns = filePatterns(config);
    expect(patterns).toEqual(expect.arrayContaining(['package.json', 'out/main/**', 'out/renderer/**', '!**/*.map']));
    expect(patterns.filter((p) => /^(src|main|renderer|test|node_modules)\b/.test(p))).toEqual([]);
    expect(config.asar).toBe(true);
  });

  it("ships ssh2's native crypto add-on rebuilt for Electron and outside the asar, where it can be loaded", async () => {
    const config = await load();
    // Not excluded: electron-builder then packs the production dependencies, ssh2 among them.
    expect(filePatterns(config)).not.toContain('!node_modules/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node']));
    expect(config.productName).toBe('Ops Console');
  });

  it('registers the ops-console: scheme for deep links', async () => {
    const config = await load();
    expect([config.protocols].flat()).toEqual([{ name: 'Ops Console', schemes: ['ops-console'] }]);
  });

  it('turns off the fuses that would let anyone run the binary as plain Node', async () => {
    const { electronFuses } = await load();
    expect(electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
  });
});
