import { defineConfig } from 'vite';

// esbuild compiles the JSX (React's automatic runtime), so no Babel plugin is needed.
// No node: imports (the renderer's lint zone forbids them): Vite injects import.meta.dirname
// when it bundles this file, and outDir is resolved against root.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Two chunks: the small entry (main.tsx: sign-in and the boot question) and the app, loaded beside it.
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      // zod ships /* @__PURE__ */ comments Rollup cannot place; they cost nothing but noise.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
