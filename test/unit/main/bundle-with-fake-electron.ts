import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Bundles a main/ entry the way main/build.mjs does, except that `electron` resolves to
 * `globalThis.__fakeElectron`, then runs it. Never touches the real electron package.
 */
export async function runWithFakeElectron(entry: string, outDir: string, fake: unknown): Promise<void> {
  const outfile = path.join(outDir, 'out', 'main', `${path.basename(entry, '.ts')}.cjs`);
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [
      {
        name: 'fake-electron',
        setup(b) {
          b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'fake-electron' }));
          b.onLoad({ filter: /.*/, namespace: 'fake-electron' }, () => ({ contents: 'module.exports = globalThis.__fakeElectron;', loader: 'js' }));
        },
      },
      {
        // As in main/build.mjs, ssh2 stays out of the bundle (its crypto add-on is a .node file);
        // an absolute path, because the bundle is written outside the project's node_modules.
        name: 'external-ssh2',
        setup(b) {
          b.onResolve({ filter: /^ssh2(\/|$)/ }, (args) => ({ path: createRequire(import.meta.url).resolve(args.path), external: true }));
        },
      },
    ],
  });
  (globalThis as { __fakeElectron?: unknown }).__fakeElectron = fake;
  createRequire(import.meta.url)(outfile);
}
