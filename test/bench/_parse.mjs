import { readFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { benchPanels, median } from './support/graphite-world.mjs';
mkdirSync('.state/pf', { recursive: true });
await build({ entryPoints: ['src/graphite/graphite-wire.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: '.state/pf/wire.mjs', logLevel: 'error' });
const { parseGraphiteJson, toSeries } = await import(pathToFileURL('.state/pf/wire.mjs').href);
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const until = Date.now(), from = until - 86_400_000;
const q = new URLSearchParams({ format: 'json', from: String(Math.floor(from/1000)), until: String(Math.ceil(until/1000)), maxDataPoints: '680' }); for (const t of benchPanels(12, 6)[3]) q.append('target', t);
const text = await (await fetch(`${world.url}/render?${q}`)).text();
console.log('bytes', text.length);
const times = { replace: [], parse: [], toSeries: [], stringify: [] };
for (let i = 0; i < 50; i++) {
  let t = performance.now(); const cleaned = text.replace(/([[,]\s*)-?(?:NaN|Infinity)(?=\s*[,\]])/g, '$1null'); times.replace.push(performance.now() - t);
  t = performance.now(); const body = JSON.parse(cleaned); times.parse.push(performance.now() - t);
  t = performance.now(); const series = toSeries(body, () => 'x'); times.toSeries.push(performance.now() - t);
  t = performance.now(); JSON.stringify({ ok: true, value: { series, fetchedAt: 1 } }); times.stringify.push(performance.now() - t);
}
for (const [k, v] of Object.entries(times)) console.log(k, median(v).toFixed(2), 'ms');
