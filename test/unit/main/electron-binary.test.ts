import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { electronPackageDir, findElectronBinary, locateElectron } from '../../../main/electron-binary.mjs';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fake `electron` package whose index.js leaves a mark if anything ever runs it. */
function fakeElectronPackage(layout: { pathTxt?: string; dist?: string[] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-electron-'));
  dirs.push(dir);
  const marker = path.join(dir, 'index-js-ran');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); throw new Error('downloading');`);
  if (layout.pathTxt !== undefined) writeFileSync(path.join(dir, 'path.txt'), layout.pathTxt);
  for (const file of layout.dist ?? []) {
    mkdirSync(path.dirname(path.join(dir, 'dist', file)), { recursive: true });
    writeFileSync(path.join(dir, 'dist', file), '');
  }
  return { dir, indexRan: () => existsSync(marker) };
}

describe('finding the Electron binary without running electron/index.js', () => {
  it('finds dist/<path.txt> when the binary was installed', () => {
    const pkg = fakeElectronPackage({ pathTxt: 'electron', dist: ['electron'] });
    expect(findElectronBinary({ env: {}, packageDir: pkg.dir })).toBe(path.join(pkg.dir, 'dist', 'electron'));
    expect(pkg.indexRan()).toBe(false);
  });

  it('follows path.txt on macOS layouts, ignoring its trailing newline', () => {
    const pkg = fakeElectronPackage({ pathTxt: 'Electron.app/Contents/MacOS/Electron\n', dist: ['Electron.app/Contents/MacOS/Electron'] });
    expect(findElectronBinary({ env: {}, packageDir: pkg.dir })).toBe(path.join(pkg.dir, 'dist', 'Electron.app/Contents/MacOS/Electron'));
  });

  it('says dist/ is missing when there is no path.txt (the state npm install leaves here)', () => {
    const pkg = fakeElectronPackage();
    const found = locateElectron({ env: {}, packageDir: pkg.dir });
    expect(found.binary).toBeNull();
    expect(found.missing).toMatch(/dist is missing$/);
    expect(pkg.indexRan()).toBe(false);
  });

  it('reports a path.txt whose binary is not in dist/', () => {
    const pkg = fakeElectronPackage({ pathTxt: 'electron' });
    expect(locateElectron({ env: {}, packageDir: pkg.dir })).toEqual({ binary: null, missing: expect.stringMatching(/dist has no electron$/) });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH, as electron/index.js does', () => {
    const pkg = fakeElectronPackage({ pathTxt: 'electron' });
    const dist = mkdtempSync(path.join(os.tmpdir(), 'ops-electron-dist-'));
    dirs.push(dist);
    writeFileSync(path.join(dist, 'electron'), '');
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, packageDir: pkg.dir })).toBe(path.join(dist, 'electron'));
    // Without path.txt the executable is called `electron`.
    expect(findElectronBinary({ env: { ELECTRON_OVERRIDE_DIST_PATH: dist }, packageDir: fakeElectronPackage().dir })).toBe(path.join(dist, 'electron'));
    // An override that points nowhere is not silently replaced by node_modules.
    const elsewhere = fakeElectronPackage({ pathTxt: 'electron', dist: ['electron'] });
    expect(locateElectron({ env: { ELECTRON_OVERRIDE_DIST_PATH: path.join(dist, 'nope') }, packageDir: elsewhere.dir })).toMatchObject({
      binary: null,
      missing: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH'),
    });
  });

  it('looks at the real node_modules/electron without running it or downloading anything', () => {
    const dir = electronPackageDir();
    expect(dir).not.toBeNull();
    const before = readdirSync(dir!).sort();
    const found = locateElectron({ env: {} });
    expect(readdirSync(dir!).sort()).toEqual(before);
    expect(found.binary === null || existsSync(found.binary)).toBe(true);
    expect(Object.keys(createRequire(import.meta.url).cache).some((file) => file.startsWith(dir! + path.sep))).toBe(false);
  });
});
