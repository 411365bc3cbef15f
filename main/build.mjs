// Builds what Node and Electron run (out/main, out/host) with esbuild and the renderer (out/renderer)
// with Vite. `--if-stale` skips a part whose output is newer than every source it is built from,
// so `npm start` is quick the second time.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);

const parts = [
  {
    name: 'renderer',
    sources: ['renderer', 'src/contract', 'package.json'],
    output: 'out/renderer/index.html',
    build: () => viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn' }),
  },
  {
    name: 'browser-mode host',
    sources: ['src', 'package.json'],
    output: 'out/host/cli.mjs',
    build: () =>
      esbuild({
        ...nodeBundle,
        entryPoints: [at('src/host/cli.ts')],
        outfile: at('out/host/cli.mjs'),
        format: 'esm',
        // Bundled CommonJS dependencies may call require(); give them one.
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      }),
  },
  {
    name: 'Electron main and preload',
    sources: ['main', 'src', 'package.json'],
    output: 'out/main/preload.cjs',
    build: async () => {
      await esbuild({
        ...nodeBundle,
        entryPoints: [at('main/main.ts')],
        outfile: at('out/main/main.cjs'),
        format: 'cjs',
        external: ['electron', 'ssh2'],
      });
      // A sandboxed preload cannot load modules: everything it needs must be in this one file.
      await esbuild({
        ...nodeBundle,
        entryPoints: [at('main/preload.ts')],
        outfile: at('out/main/preload.cjs'),
        format: 'cjs',
        external: ['electron'],
      });
    },
  },
];

const nodeBundle = {
  bundle: true,
  platform: 'node',
  // ssh2 loads its native crypto add-on (a .node file) from node_modules: it cannot be bundled.
  external: ['ssh2'],
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

function newestMtime(relative) {
  const full = at(relative);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(full).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(relative, entry))), info.mtimeMs);
}

export async function buildAll({ ifStale = false, log = console.log } = {}) {
  for (const part of parts) {
    const output = at(part.output);
    const stale = !existsSync(output) || Math.max(...part.sources.map(newestMtime)) > statSync(output).mtimeMs;
    if (ifStale && !stale) continue;
    const started = Date.now();
    await part.build();
    log(`built ${part.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildAll({ ifStale: process.argv.includes('--if-stale') });
}
