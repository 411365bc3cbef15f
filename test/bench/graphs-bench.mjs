// The graphs benchmark of issue [B], on a real graphite-web 1.1.8 + carbon (graphite-backend.sh)
// through our browser-mode host in headless /usr/bin/chromium, method as in graphs-performance.md:
// 12 panels x 6 series x 24 h at 10 s (8,640 points a series), with 100 deploy + 300 flip markers
// and again with 1,000. Per round (median of ROUNDS): navigation to all 12 panels drawn, graphite-web
// drawing the same 12 panels as PNGs in the same round, their ratio, points fetched per series, and
// main-thread work per mouse move. Everything it starts it stops, also on failure.
//   node test/bench/graphs-bench.mjs [rounds=5]
// The functions handed to page.evaluate / addInitScript run in the page, with its globals:
/* global document, window, MutationObserver, requestAnimationFrame, MouseEvent */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from '@playwright/test';

import { freePorts } from '../support/free-port.mjs';
import { hostRequest, startHost } from './support/host.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'test/integration/backends/graphite-backend.sh');
const ROUNDS = Number(process.argv[2] ?? 5);
const PANELS = 12, SERIES = 6, STEP_S = 10, POINTS = 8_640, MOVES = 60;
const log = (line) => process.stderr.write(`[graphs-bench] ${line}\n`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]; };
const target = (p, s) => `bench.p${String(p).padStart(2, '0')}.s${s}`;

function runScript(action, env) {
  return new Promise((resolve) => execFile('bash', [script, action], { env, timeout: 60_000 }, (error, stdout, stderr) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` })));
}

/** Bulk seeding through carbon's pickle port (10k points a message; carbon refuses messages over 1 MB). */
function seedPickle(port, until) {
  const py = `
import pickle, socket, struct, math, sys
port, until, panels, series, step, points = map(int, sys.argv[1:7])
sock = socket.create_connection(('127.0.0.1', port))
batch = []
def flush():
    global batch
    payload = pickle.dumps(batch, protocol=2)
    sock.sendall(struct.pack('!L', len(payload)) + payload)
    batch = []
for p in range(panels):
    for s in range(series):
        name = 'bench.p%02d.s%d' % (p, s)
        base = 100 + 40 * s + 7 * p
        for i in range(points):
            ts = until - (points - i) * step
            batch.append((name, (ts, base + 30 * math.sin(i / (60 + 11 * s)) + 5 * math.sin(i / 7.0) + (i * 31 % 17))))
            if len(batch) >= 10000: flush()
if batch: flush()
sock.close()
`;
  return new Promise((resolve, reject) => execFile('python3', ['-c', py, String(port), String(until), String(PANELS), String(SERIES), String(STEP_S), String(POINTS)],
    { timeout: 120_000 }, (error, _o, stderr) => (error ? reject(new Error(`seeding failed: ${stderr}`)) : resolve())));
}

async function postEvents(base, events) {
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next++];
      const response = await fetch(`${base}/events/`, { method: 'POST', body: JSON.stringify(event) });
      if (!response.ok) throw new Error(`POST /events/ answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** Markers spread over the 24 h, deploys tagged by service, flips the way the app records them. */
function markers(deploys, flips, until, seed) {
  const events = [];
  for (let i = 0; i < deploys; i++) events.push({ what: `deploy web ${seed}.${i}`, tags: 'deploy web', data: `who=bench sha=${seed}${i}`, when: until - 86_000 + Math.floor(((i + 0.37 * seed) * 86_000) / deploys) });
  for (let i = 0; i < flips; i++) events.push({ what: `flag web.flag-${i} on in production`, tags: `flag web.flag-${i} production`, data: 'who=bench', when: until - 86_000 + Math.floor(((i + 0.5 + 0.21 * seed) * 86_000) / flips) });
  return events;
}

// Runs in the page from its first script: the moment every panel has all its series drawn.
const watchDrawn = ({ panels, series }) => {
  const check = () => {
    const charts = document.querySelectorAll('[data-testid="chart-panel"]');
    if (charts.length !== panels) return false;
    for (const chart of charts) {
      const paths = chart.querySelectorAll('path.series-line');
      if (paths.length < series) return false;
      for (const p of paths) if (!(p.getAttribute('d') ?? '').startsWith('M')) return false;
    }
    return true;
  };
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled || window.__drawnAt) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; if (!window.__drawnAt && check()) window.__drawnAt = performance.now(); });
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

// Main-thread work of one mouse move: the handlers (crosshair, tooltip, the other panels' lines)
// plus the style and layout they cause, timed synchronously; one move per frame.
const hoverWork = async (moves) => {
  const layer = document.querySelector('[data-testid="chart-panel"] .chart-hit-layer');
  const box = layer.getBoundingClientRect();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const work = [];
  for (let i = 0; i <= moves; i++) {
    const x = box.left + 2 + ((box.width - 4) * i) / moves;
    const t0 = performance.now();
    layer.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: box.top + box.height / 2 }));
    void document.body.offsetHeight; // forces the style recalculation and layout the move caused
    const t1 = performance.now();
    if (i > 0) work.push(t1 - t0);
    await frame();
  }
  return work;
};

async function round(browser, appUrl, pngUrl) {
  // Ours: a fresh context (no cache), from navigation to all 12 panels drawn.
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  const fetched = [];
  page.on('request', (req) => {
    if (!req.url().endsWith('/api/request')) return;
    const body = req.postDataJSON();
    if (body?.name !== 'graphs.render') return;
    // No response = the page aborted it (superseded, e.g. by the panel's first measured width).
    const answer = async () => {
      const res = await req.response();
      return res ? { asked: body.input.maxDataPoints, got: (await res.json()).value.series.map((s) => s.timestamps.length) } : { aborted: true };
    };
    fetched.push(answer().catch(() => ({ aborted: true })));
  });
  await page.addInitScript(watchDrawn, { panels: PANELS, series: SERIES });
  await page.goto(appUrl);
  await page.waitForFunction(() => window.__drawnAt, null, { timeout: 120_000, polling: 100 });
  const drawnMs = await page.evaluate(() => window.__drawnAt);
  const renders = await Promise.all(fetched);
  const plotWidth = await page.evaluate(() => document.querySelector('.chart-hit-layer').getBoundingClientRect().width);
  const work = await page.evaluate(hoverWork, MOVES);
  const markerCount = await page.evaluate(() => document.querySelectorAll('[data-testid="chart-panel"]:first-child [data-testid$="-marker"], [data-testid="chart-panel"]:first-child [data-testid="marker-cluster"]').length);
  await ctx.close();

  // graphite-web: the same 12 panels as PNGs in one page, fresh context, same round.
  const pctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  const png = await pctx.newPage();
  await png.goto(pngUrl);
  await png.waitForFunction(() => window.__pngDoneAt, null, { timeout: 120_000, polling: 100 });
  const pngMs = await png.evaluate(() => window.__pngDoneAt);
  await pctx.close();

  const answered = renders.filter((r) => !r.aborted);
  const points = answered.flatMap((r) => r.got);
  return { drawnMs, pngMs, ratio: drawnMs / pngMs, pointsPerSeries: median(points), maxDataPoints: median(answered.map((r) => r.asked)), plotWidth, hoverMed: median(work), hoverP95: p95(work), markersOnFirstPanel: markerCount, renderRequests: renders.length, abortedRequests: renders.length - answered.length };
}

const cleanups = [];
async function main() {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-graphs-bench-'));
  cleanups.push(async () => rmSync(stateDir, { recursive: true, force: true }));
  const graphiteDir = path.join(stateDir, 'graphite');
  mkdirSync(graphiteDir);
  const [web, line, pickle, query] = await freePorts(4);
  const env = { ...process.env, GRAPHITE_STATE_DIR: graphiteDir, GRAPHITE_WEB_PORT: String(web), CARBON_LINE_PORT: String(line), CARBON_PICKLE_PORT: String(pickle), CARBON_QUERY_PORT: String(query), GRAPHITE_READY_TIMEOUT: '40', GRAPHITE_10S_PATTERN: '^bench\\.' };
  cleanups.unshift(async () => void (await runScript('stop', env)));
  const started = await runScript('start', env);
  if (started.code !== 0) throw new Error(`graphite-backend.sh start failed (${started.code}): ${started.output}`);
  const graphite = `http://127.0.0.1:${web}`;
  const until = Math.floor(Date.now() / 1000 / STEP_S) * STEP_S;
  let t = Date.now();
  await seedPickle(pickle, until);
  // carbon takes the points asynchronously: wait until the last series renders them all (less the
  // few oldest that the 1 d retention dropped meanwhile).
  for (const deadline = Date.now() + 180_000; ; ) {
    if (Date.now() > deadline) throw new Error('the seeded points never all showed up in graphite-web');
    const r = await (await fetch(`${graphite}/render?target=${target(PANELS - 1, SERIES - 1)}&from=${until - POINTS * STEP_S}&until=${until}&format=json`)).json();
    if ((r[0]?.datapoints ?? []).filter(([v]) => v !== null).length >= POINTS - 60) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  log(`seeded ${PANELS * SERIES} series x ${POINTS} points in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const appState = path.join(stateDir, 'app');
  mkdirSync(path.join(appState, 'ops-console'), { recursive: true });
  const panels = Array.from({ length: PANELS }, (_, p) => `      - { title: 'Panel ${p + 1}', targets: [${Array.from({ length: SERIES }, (_, s) => `'${target(p, s)}'`).join(', ')}] }`);
  writeFileSync(path.join(appState, 'ops-console', 'config.yaml'), `graphite:\n  - { id: graphite, name: Graphite (bench), url: '${graphite}' }\ndeploys:\n  - { id: deploys, type: graphite-events, graphite: graphite, tags: [deploy] }\ndashboards:\n  - id: bench\n    title: Bench\n    panels:\n${panels.join('\n')}\n`);
  const host = startHost(appState);
  cleanups.unshift(host.stop);
  const appUrl = await host.ready;
  await hostRequest(appUrl, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });

  // The PNG page: same targets, range and plot size, 6 fetched in parallel per host like any browser.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  cleanups.unshift(() => browser.close());
  const probe = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await probe.goto(appUrl);
  await probe.waitForSelector('[data-testid="chart-panel"] .chart');
  const size = await probe.evaluate(() => { const r = document.querySelector('[data-testid="chart-panel"] .chart').getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height) }; });
  await probe.close();
  const imgs = Array.from({ length: PANELS }, (_, p) => {
    const q = Array.from({ length: SERIES }, (_, s) => `target=${target(p, s)}`).join('&');
    return `<img width="${size.w}" height="${size.h}" src="${graphite}/render?${q}&from=${until - 86_400}&until=${until}&width=${size.w}&height=${size.h}&hideLegend=true&_=ROUND">`;
  }).join('\n');
  let pngRound = 0;
  const pngServer = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><body><script>let n=0;function done(){if(++n===${PANELS})window.__pngDoneAt=performance.now();}</script>${imgs.replaceAll('ROUND', String(++pngRound)).replaceAll('<img ', '<img onload="done()" onerror="done()" ')}</body>`);
  });
  await new Promise((resolve) => pngServer.listen(0, '127.0.0.1', resolve));
  cleanups.unshift(() => new Promise((resolve) => pngServer.close(resolve)));
  const pngUrl = `http://127.0.0.1:${pngServer.address().port}/`;

  const results = {};
  for (const [label, deploys, flips, seed] of [['100 deploys + 300 flips', 100, 300, 1], ['1,000 markers', 300, 300, 2]]) {
    t = Date.now();
    await postEvents(graphite, markers(deploys, flips, until, seed));
    log(`posted ${deploys + flips} events in ${((Date.now() - t) / 1000).toFixed(1)} s (${label})`);
    const rounds = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const result = await round(browser, appUrl, pngUrl);
      if (r > 0) rounds.push(result); // round 0 warms up graphite-web, the host and Chromium
      log(`${label} round ${r}${r === 0 ? ' (warm-up)' : ''}: ${JSON.stringify(result)}`);
    }
    const med = (key) => median(rounds.map((x) => x[key]));
    results[label] = { drawnMs: med('drawnMs'), pngMs: med('pngMs'), ratio: med('ratio'), worstRatio: Math.max(...rounds.map((x) => x.ratio)), fasterRounds: `${rounds.filter((x) => x.ratio <= 1).length}/${rounds.length}`, pointsPerSeries: med('pointsPerSeries'), maxDataPoints: med('maxDataPoints'), plotWidth: med('plotWidth'), hoverMedMs: med('hoverMed'), hoverP95Ms: med('hoverP95'), markersOnFirstPanel: med('markersOnFirstPanel') };
  }
  console.log(`\ngraphs bench: ${PANELS} panels x ${SERIES} series x 24 h at ${STEP_S} s (${POINTS} points a series), median of ${ROUNDS} rounds, chromium ${browser.version()}`);
  console.table(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, typeof b === 'number' ? Math.round(b * 100) / 100 : b]))])));
  console.log('goals: ratio <= 1.0 (draw vs graphite-web PNGs, same round), hover <= 16 ms with 1,000 markers, points per series ~ plot width in px');
}

let failed = false;
// Ctrl-C or a kill still stops graphite-web, carbon, the host and Chromium.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(130);
  });
}
process.once('unhandledRejection', async (error) => {
  console.error(error);
  for (const cleanup of cleanups) await cleanup().catch(() => {});
  process.exit(1);
});
try {
  await main();
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error('cleanup:', error));
}
process.exit(failed ? 1 : 0);
