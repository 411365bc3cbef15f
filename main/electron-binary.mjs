// Finds the Electron executable the way node_modules/electron/index.js does, without running
// that file: requiring 'electron' from Node downloads the binary when dist/ is missing, which
// here fails after a long wait. Used by `npm start` (main/launch.mjs) and the Electron e2e specs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The installed `electron` package's folder, or null. Resolving its package.json reads no code.
 * @returns {string | null}
 */
export function electronPackageDir() {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * @param {{ env?: Record<string, string | undefined>, packageDir?: string | null }} [options]
 * @returns {{ binary: string, missing: null } | { binary: null, missing: string }}
 */
export function locateElectron({ env = process.env, packageDir = electronPackageDir() } = {}) {
  if (!packageDir) return { binary: null, missing: 'the electron package is not installed' };
  const pathFile = path.join(packageDir, 'path.txt');
  // path.txt names the executable inside dist/ (e.g. `electron`, `Electron.app/Contents/MacOS/Electron`).
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, executable || 'electron');
    return existsSync(binary) ? { binary, missing: null } : { binary: null, missing: `ELECTRON_OVERRIDE_DIST_PATH has no ${binary}` };
  }
  const relativeDist = path.relative(process.cwd(), path.join(packageDir, 'dist')) || 'dist';
  if (!executable) return { binary: null, missing: `${relativeDist} is missing` };
  const binary = path.join(packageDir, 'dist', executable);
  return existsSync(binary) ? { binary, missing: null } : { binary: null, missing: `${relativeDist} has no ${executable}` };
}

/**
 * The executable's path, or null when Electron cannot run here.
 * @param {{ env?: Record<string, string | undefined>, packageDir?: string | null }} [options]
 * @returns {string | null}
 */
export function findElectronBinary(options) {
  return locateElectron(options).binary;
}
