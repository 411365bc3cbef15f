import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// esbuild compiles the JSX (React's automatic runtime), so no Babel plugin is needed.
export default defineConfig({
  root: here,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.resolve(here, '../out/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // The app is served from its own disk or loopback: one bundle is simplest and fast enough.
    chunkSizeWarningLimit: 2_000,
  },
  server: { host: '127.0.0.1' },
});
