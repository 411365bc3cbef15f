// Where the graphs bench's cold load could end at best, without a page: the 12 panels' renders
// fetched six at a time (as a browser does per host) by Node, from a real graphite-web 1.1.8 seeded
// as graphs-bench seeds it (12 panels x 6 series x 24 h at 10 s):
//  - graphite-web's JSON at the plot's width (maxDataPoints 680), straight from graphite-web;
//  - the same as `graphs.render` through the browser-mode host (sign-in cookie, contract, the
//    core's Graphite client and trailing-bucket rule), with and without `remember` (last-known);
//  - graphite-web's 12 PNGs at the plot's size, the graphs bench's baseline without the page.
// Each round asks for ranges no earlier round asked (nothing comes from a cache). What the page
// adds on top of "through the host" is its own work: script, sign-in, layout and drawing.
//   node test/bench/graphs-floor-bench.mjs [rounds=5]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { benchPanels, loadAverage, median, runBench, seededGraphite, writeAppConfig } from './support/graphite-world.mjs';
import { sessionCookie, startHost } from './support/host.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const PANELS = 12, SERIES = 6, AT_ONCE = 6, WIDTH = 688, HEIGHT = 220;
const log = (line) => process.stderr.write(`[graphs-floor-bench] ${line}\n`);

/** ms for `asks` (async functions) run AT_ONCE at a time. */
async function timed(asks) {
  const queue = [...asks];
  const started = performance.now();
  await Promise.all(Array.from({ length: AT_ONCE }, async () => { while (queue.length) await queue.shift()(); }));
  return performance.now() - started;
}

await runBench(async (cleanups) => {
  const load = [await loadAverage()];
  const { graphite, until } = await seededGraphite(cleanups, { name: 'graphs-floor-bench', panels: PANELS, series: SERIES, log });
  const panels = benchPanels(PANELS, SERIES);
  const appState = mkdtempSync(path.join(os.tmpdir(), 'ops-graphs-floor-'));
  cleanups.unshift(async () => rmSync(appState, { recursive: true, force: true }));
  writeAppConfig(appState, { graphiteUrl: graphite.url, dashboards: [{ id: 'bench', panels }] });
  const host = startHost(appState);
  cleanups.unshift(host.stop);
  const launchUrl = await host.ready;
  const { origin } = new URL(launchUrl);
  const { name, value } = await sessionCookie(launchUrl);

  const fetched = async (url, init) => {
    const response = await fetch(url, init);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    await response.arrayBuffer();
  };
  // `shift` (seconds) moves each round's range by a few seconds: new URLs, the same data.
  const query = (targets, shift) => `${targets.map((t) => `target=${encodeURIComponent(t)}`).join('&')}&from=${until - 86_400 - shift}&until=${until - shift}`;
  const throughHost = (remember) => (targets, shift) => () =>
    fetched(`${origin}/api/request`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: `${name}=${value}` },
      body: JSON.stringify({ name: 'graphs.render', input: { targets, from: (until - 86_400 - shift) * 1000, until: (until - shift) * 1000, maxDataPoints: 680, ...(remember ? { remember } : {}) } }),
    });
  const ways = {
    'graphite-web JSON (maxDataPoints 680)': (targets, shift) => () => fetched(`${graphite.url}/render?${query(targets, shift)}&format=json&maxDataPoints=680`),
    'graphs.render through the host': throughHost(false),
    '  the same, remembered as last-known': throughHost(true),
    'graphite-web PNGs (the baseline)': (targets, shift) => () => fetched(`${graphite.url}/render?${query(targets, shift)}&width=${WIDTH}&height=${HEIGHT}&hideLegend=true`),
  };
  const times = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
  let shift = 0;
  for (let round = -1; round < ROUNDS; round++) {
    // The ways interleaved in each round; round -1 warms graphite-web and the host up.
    for (const [way, ask] of Object.entries(ways)) {
      const ms = await timed(panels.map((targets) => ask(targets, ++shift)));
      if (round >= 0) times[way].push(ms);
    }
  }
  load.push(await loadAverage());
  const png = median(times['graphite-web PNGs (the baseline)']);
  console.log(`\ngraphs floor bench: ${PANELS} panels x ${SERIES} series x 24 h at 10 s, ${AT_ONCE} at a time, median of ${ROUNDS} rounds, load average ${load.join(' → ')}`);
  for (const [way, list] of Object.entries(times)) console.log(`  ${way.padEnd(40)} ${median(list).toFixed(0).padStart(5)} ms  ${(median(list) / png).toFixed(2)}x the PNGs`);
});
