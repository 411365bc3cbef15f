// Many consoles on one incident (issue [P]): N = 1, 10 and 50 consoles against one real
// graphite-web 1.1.8 + carbon (graphite-backend.sh) and one real Unleash 8.2.0 (unleash-backend.sh,
// 300 flags), each behind a recording proxy that counts what every console asks. A console is the
// real core (its own state directory and config file) driven by the page's own dashboard loader,
// refresh clock and flag polling (support/console-driver.ts, bundled with esbuild), auto-refresh
// 10 s, a 12-panel x 6-series dashboard over the last hour. Two cores cannot serve 50 consoles'
// renders quickly: the point is what the consoles ask. Per N, over a window after a warm-up:
// requests/s per backend per console, how often a console refreshed (backoff while Graphite is
// slow), renders per panel per refresh (goal <= 1), renders duplicated in flight (goal 0), the most
// in flight per console and at Graphite (no pile-up), how long Graphite took, and how many repeat
// flag polls Unleash answered 304 (unchanged).
//   node test/bench/consoles-bench.mjs [window seconds=60]      (CONSOLES=1,10 for fewer phases)
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { build } from 'esbuild';

import { freePorts } from '../support/free-port.mjs';
import { benchPanels, loadAverage, markerEvents, median, p95, postEvents, runBench, seededGraphite, writeAppConfig } from './support/graphite-world.mjs';
import { startRecordingProxy } from './support/recording-proxy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WINDOW_S = Number(process.argv[2] ?? 60);
const WARM_S = 20, REFRESH_S = 10, PANELS = 12, SERIES = 6, RANGE_MINUTES = 60, PLOT_WIDTH = 680;
/** CONSOLES=1,10 runs fewer phases (a quick look); the bench's own are 1, 10 and 50. */
const COUNTS = (process.env.CONSOLES ?? '1,10,50').split(',').map(Number);
const log = (line) => process.stderr.write(`[consoles-bench] ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The console driver, bundled as the app's code is (axios, zod and the rest from node_modules). */
async function bundleDriver() {
  const outfile = path.join(root, '.state', 'consoles-bench', 'console-driver.mjs');
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({ entryPoints: [path.join(root, 'test/bench/support/console-driver.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'error' });
  return outfile;
}

/** A real Unleash with 300 flags on free ports; stopped (and its directory removed) by the cleanups. */
async function startUnleash(cleanups) {
  const script = path.join(root, 'test/integration/backends/unleash-backend.sh');
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-consoles-bench-unleash-'));
  const [port, pgPort] = await freePorts(2);
  const token = `*:*.consoles-bench-${process.pid}`;
  const env = { ...process.env, UNLEASH_STATE_DIR: stateDir, UNLEASH_PORT: String(port), UNLEASH_PG_PORT: String(pgPort), UNLEASH_ADMIN_TOKEN: token, UNLEASH_WATCH_PID: String(process.pid), UNLEASH_WATCH_CLEANUP: '1' };
  const sh = (command, extra = {}) => promisify(execFile)('bash', [script, command], { env: { ...env, ...extra }, timeout: 180_000 }).then((r) => r.stdout.trim());
  cleanups.unshift(async () => {
    await sh('stop').catch(() => {});
    rmSync(stateDir, { recursive: true, force: true });
  });
  log(await sh('start'));
  const seedFile = path.join(stateDir, 'seed.json');
  const flags = Array.from({ length: 300 }, (_, i) => ({ name: `web.bench-${String(i).padStart(3, '0')}`, type: i % 5 === 0 ? 'kill-switch' : 'release', description: `Bench flag #${i}`, tags: ['web'], environments: { development: { enabled: i % 3 !== 0 }, production: { enabled: i % 2 === 0 } } }));
  writeFileSync(seedFile, JSON.stringify(flags));
  log(await sh('seed', { UNLEASH_SEED_FILE: seedFile }));
  return { url: `http://127.0.0.1:${port}`, token };
}

/** Runs `count` consoles in a process of their own until `stop()`. */
async function runConsoles(count, { bundle, graphiteProxy, unleashProxy, unleashToken, phaseDir }) {
  const consoles = Array.from({ length: count }, (_, k) => {
    const stateDir = path.join(phaseDir, `console-${k}`);
    writeAppConfig(stateDir, {
      graphiteUrl: `${graphiteProxy}/c${k}`,
      dashboards: [{ id: 'incident', panels: benchPanels(PANELS, SERIES) }],
      extra: `flags:\n  - { id: flags, type: unleash, url: '${unleashProxy}/c${k}', tokenSecret: unleash-token }\n`,
    });
    return { configPath: path.join(stateDir, 'ops-console', 'config.yaml'), stateDir, secrets: { 'unleash-token': unleashToken }, rangeMinutes: RANGE_MINUTES, refreshSeconds: REFRESH_S, plotWidth: PLOT_WIDTH };
  });
  const planFile = path.join(phaseDir, 'plan.json');
  writeFileSync(planFile, JSON.stringify({ bundle, staggerMs: REFRESH_S * 1000, consoles }));
  const child = spawn(process.execPath, [path.join(root, 'test/bench/support/consoles-child.mjs'), planFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const said = (word) => new Promise((resolve, reject) => {
    const check = () => out.includes(word) && resolve();
    child.stdout.on('data', (chunk) => ((out += chunk), check()));
    child.once('exit', (code) => (out.includes(word) ? resolve() : reject(new Error(`the consoles' process exited (${code}) before "${word}"`))));
    check();
  });
  await said('started');
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await said('stopped');
    },
    kill: () => child.kill('SIGKILL'),
  };
}

/** The most of `records` in flight at one moment, over records grouped by `key`. */
function mostAtOnce(records, key) {
  const groups = new Map();
  for (const r of records) {
    const k = key(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push([r.started, 1], [r.ended ?? Infinity, -1]);
  }
  let most = 0;
  for (const edges of groups.values()) {
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    for (const [, step] of edges) most = Math.max(most, (open += step));
  }
  return most;
}

/** The most frequent of `names`, with how many. */
function mostCommon(names) {
  const counts = new Map();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  const [name, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  return n ? `${name} (${n})` : '-';
}

function analyse(count, graphiteRecords, unleashRecords, from, to) {
  const inWindow = (r) => r.started >= from && r.started < to;
  const seconds = (to - from) / 1000;
  const renders = graphiteRecords.filter((r) => r.path === '/render' && inWindow(r));
  const events = graphiteRecords.filter((r) => r.path.startsWith('/events') && inWindow(r));
  const flags = unleashRecords.filter(inWindow);
  const answered = renders.filter((r) => !r.aborted && r.ended !== null);
  const allRenders = graphiteRecords.filter((r) => r.path === '/render');
  // One refresh of a console = one window (from-until) for all its panels.
  const asked = new Map();
  for (const r of allRenders) {
    const key = `${r.console}|${r.window}|${r.targets.join(',')}`;
    asked.set(key, (asked.get(key) ?? 0) + 1);
  }
  const refreshes = Array.from({ length: count }, (_, k) => new Set(renders.filter((r) => r.console === k).map((r) => r.window)).size);
  // A poll is conditional when Unleash can answer 304: every GET of a URL the console had read
  // through before (a read given up half way left it nothing to compare with).
  const firstReadThrough = new Map();
  for (const r of unleashRecords) {
    const key = `${r.console}|${r.query}|${r.path}`;
    if (!r.aborted && (r.status === 200 || r.status === 304) && r.ended !== null) firstReadThrough.set(key, Math.min(firstReadThrough.get(key) ?? Infinity, r.ended));
  }
  const repeats = unleashRecords.filter((r) => inWindow(r) && (firstReadThrough.get(`${r.console}|${r.query}|${r.path}`) ?? Infinity) < r.started);
  return {
    consoles: count,
    'graphite render/s per console': renders.length / seconds / count,
    'graphite events/s per console': events.length / seconds / count,
    'unleash req/s per console': flags.length / seconds / count,
    'refresh every (s, median)': seconds / Math.max(1e-9, median(refreshes)),
    'renders per panel per refresh (max)': Math.max(...asked.values()),
    'duplicated in flight': mostAtOnce(allRenders, (r) => `${r.console}|${r.targets.join(',')}`) > 1 ? 'YES' : 0,
    'most in flight per console': mostAtOnce(allRenders, (r) => r.console),
    'most in flight at graphite': mostAtOnce(allRenders, () => 'all'),
    'render ms p50/p95': `${Math.round(median(answered.map((r) => r.ended - r.started)))}/${Math.round(p95(answered.map((r) => r.ended - r.started)) ?? NaN)}`,
    // Given up inside the window: not the ones the consoles' stop cut short after it.
    'renders given up': renders.filter((r) => r.aborted && r.ended < to).length,
    'repeat flag polls answered 304': repeats.length ? `${repeats.filter((r) => r.status === 304).length}/${repeats.length}` : '-',
    'read again in full (most)': mostCommon(repeats.filter((r) => r.status !== 304).map((r) => `${r.path.replace(/\/features\/[^/]+/, '/features/:flag')}${r.query.replace(/=[^&]*/g, '=…')}`)),
  };
}

await runBench(async (cleanups) => {
  const load = [await loadAverage()];
  const [bundle, { stateDir, graphite, until }, unleash] = await Promise.all([bundleDriver(), seededGraphite(cleanups, { name: 'consoles-bench', panels: PANELS, series: SERIES, log }), startUnleash(cleanups)]);
  const { MAX_LOADS_IN_FLIGHT } = await import(pathToFileURL(bundle).href);
  await postEvents(graphite.url, markerEvents(100, 100, until, 1));
  const graphiteProxy = await startRecordingProxy(graphite.url);
  const unleashProxy = await startRecordingProxy(unleash.url);
  cleanups.unshift(graphiteProxy.close, unleashProxy.close);

  const rows = [];
  for (const count of COUNTS) {
    const phaseDir = path.join(stateDir, `n${count}`);
    mkdirSync(phaseDir);
    const consoles = await runConsoles(count, { bundle, graphiteProxy: graphiteProxy.url, unleashProxy: unleashProxy.url, unleashToken: unleash.token, phaseDir });
    cleanups.unshift(async () => consoles.kill());
    const marks = graphiteProxy.records.length;
    const unleashMarks = unleashProxy.records.length;
    await sleep(WARM_S * 1000);
    const from = performance.now();
    await sleep(WINDOW_S * 1000);
    const to = performance.now();
    await consoles.stop();
    const row = analyse(count, graphiteProxy.records.slice(marks), unleashProxy.records.slice(unleashMarks), from, to);
    rows.push(row);
    log(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
    // Let graphite-web finish what the last phase left it before the next one starts.
    await sleep(5_000);
  }
  load.push(await loadAverage());
  console.log(`\nconsoles bench: ${COUNTS.join(', ')} consoles, auto-refresh ${REFRESH_S} s, ${PANELS} panels x ${SERIES} series over ${RANGE_MINUTES} min, ${WINDOW_S} s window after ${WARM_S} s, graphite-web with 2 workers and Unleash 8 with 300 flags on this machine, load average ${load[0]} → ${load[1]}`);
  console.table(Object.fromEntries(rows.map((row) => [`N = ${row.consoles}`, Object.fromEntries(Object.entries(row).filter(([k]) => k !== 'consoles').map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1000) / 1000 : v]))])));
  console.log(`goals: at most one render per panel per refresh, none duplicated in flight, refreshing less often while graphite-web is slow (backoff; no pile-up: at most ${MAX_LOADS_IN_FLIGHT} in flight per console, the loader's bound), repeat flag polls answered 304 while nothing changed`);
  return rows.every((row) => row['duplicated in flight'] === 0 && row['renders per panel per refresh (max)'] <= 1 && row['most in flight per console'] <= MAX_LOADS_IN_FLIGHT);
});
