import { readFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { benchPanels, median } from './support/graphite-world.mjs';
mkdirSync('.state/pf', { recursive: true });
await build({ stdin: { contents: `export { createGraphiteClient } from './src/graphite/graphite-client'; export { default as axios } from 'axios';`, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: '.state/pf/gc.mjs', logLevel: 'error' });
const { createGraphiteClient, axios } = await import(pathToFileURL('.state/pf/gc.mjs').href);
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const client = createGraphiteClient({ id: 'g', kind: 'graphite', url: world.url, auth: { type: 'none' } }, { reveal: () => undefined });
const until = Date.now(), from = until - 86_400_000; const targets = benchPanels(12, 6)[3];
const q = new URLSearchParams({ format: 'json', from: String(Math.floor(from/1000)), until: String(Math.ceil(until/1000)), maxDataPoints: '680' }); for (const t of targets) q.append('target', t);
const a = [], b = [], c = [];
for (let i = 0; i < 15; i++) {
  let t = performance.now(); await (await fetch(`${world.url}/render?${q}`)).text(); a.push(performance.now() - t);
  t = performance.now(); await client.render({ targets, from, until, maxDataPoints: 680 }, new AbortController().signal); b.push(performance.now() - t);
  t = performance.now(); await axios.get(`${world.url}/render?${q}`, { responseType: 'text' }); c.push(performance.now() - t);
}
console.log('fetch', median(a).toFixed(1), 'graphite client', median(b).toFixed(1), 'raw axios', median(c).toFixed(1));
