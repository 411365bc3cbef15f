// The time cursor bench of issue [E]: from the click on a graph to every view showing the new
// moment, with 12 panels and 100k log lines loaded (goal <= 100 ms). The demo world (src/demo,
// bundled for Node) runs in this process; the built browser-mode host reads a config file naming
// its Graphite, deploy events and log files, a 12-panel dashboard, and one more checkout log
// whose file grows by 100,000 lines (logs-gen.mjs's mix, the last ~17 minutes) once the host tails it.
// In headless /usr/bin/chromium each round clicks a chart at a new x (a real mouse click) and the
// page times, from the click event's timeStamp, with a MutationObserver:
//   views: every chart's time-cursor line at the new data-at, "What changed?" measured from it,
//          every panel's log strip offering "Logs at …" there;
//   logs:  the logs view opened at that moment (its around-marker at the new data-at, lines drawn):
//          the click on a panel opens its service's logs there by itself, as the same click's work.
// Median of ROUNDS after one warm-up round.
//   node test/bench/cursor-bench.mjs [rounds=9]      (needs the built app: node main/build.mjs)
/* global document, window, MutationObserver */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from '@playwright/test';
import { build } from 'esbuild';

import { fmt, log as logger, median, root } from './logs-bench-support.mjs';
import { hostRequest, startHost } from './support/host.mjs';

const ROUNDS = Number(process.argv[2] ?? 9);
const PANELS = 12, LINES = 100_000, GOAL_MS = 100, RANGE_MINUTES = 30;
/** Where on the plot each round clicks: distinct moments inside the big log's 17 minutes, left of the strip's offer clamp. */
const SPOTS = [0.45, 0.6, 0.5, 0.66, 0.55, 0.7, 0.48, 0.63, 0.52, 0.68, 0.57, 0.46];
const log = logger('cursor-bench');

/** The demo world from src/ as the app runs it, for this process to serve. */
async function loadDemo(dir) {
  await build({
    entryPoints: { world: path.join(root, 'src/demo/start-demo-world.ts'), logs: path.join(root, 'src/demo/log-demo-server.ts') },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external',
    outdir: dir, outExtension: { '.js': '.mjs' }, logLevel: 'warning',
  });
  const load = (name) => import(pathToFileURL(path.join(dir, `${name}.mjs`)).href);
  return Object.assign({}, ...(await Promise.all(['world', 'logs'].map(load))));
}

/** The config file: the demo's backends (less its flag service), the big log, 12 panels of the demo's targets. */
function configFile(demo, bigLogUrl) {
  const plain = ({ kind: _kind, ...rest }) => rest;
  const of = (kind) => demo.catalog.backends.filter((b) => b.kind === kind).map(plain);
  const logs = of('logs');
  const services = [...new Set(logs.map((l) => l.service))];
  const demoPanels = demo.catalog.dashboards.flatMap((d) => d.panels);
  const panels = Array.from({ length: PANELS }, (_, i) => {
    const panel = demoPanels[i % demoPanels.length];
    return { ...panel, title: `${panel.title} #${i + 1}`, service: i === 0 ? 'checkout' : (panel.service ?? services[i % services.length]) };
  });
  return {
    graphite: of('graphite'),
    deploys: of('deploys'),
    logs: [...logs, { id: 'big-checkout', type: 'http', name: 'checkout big.log', url: bigLogUrl, host: 'checkout-big', service: 'checkout', bufferLines: 2 * LINES }],
    dashboards: [{ id: 'cursor-bench', title: 'Cursor bench', panels }],
  };
}

// Runs in the page before each click: resolves with the times (from the click's timeStamp) at
// which the views, then the logs view, show the moment the click picked.
const armRound = ({ previousAt, previousChanges }) => {
  window.__round = new Promise((resolve) => {
    let t0 = null, views = null, logs = null;
    const changed = () => document.querySelector('[data-testid="what-changed"] p.muted')?.textContent ?? '';
    const check = () => {
      if (t0 === null) return;
      const at = document.querySelector('[data-testid="time-cursor-badge"]')?.getAttribute('data-at');
      if (!at || at === previousAt) return;
      if (views === null) {
        const lines = [...document.querySelectorAll('[data-testid="chart-panel"] [data-testid="time-cursor"]')];
        const strips = [...document.querySelectorAll('[data-testid="log-volume-strip"]')];
        const text = changed();
        if (lines.length === document.querySelectorAll('[data-testid="chart-panel"]').length && lines.every((l) => l.getAttribute('data-at') === at)
          && text.includes('the cursor') && text !== previousChanges
          // (Escape cleared the cursor after the last round, so an offer is this round's.)
          && strips.every((s) => s.querySelector('.log-volume-open'))) {
          views = performance.now() - t0;
        }
      }
      if (logs === null) {
        const around = document.querySelector('[data-testid="log-around"]');
        if (around?.getAttribute('data-at') === at && document.querySelector('[data-testid="log-line"]')) logs = performance.now() - t0;
      }
      if (views === null || logs === null) return;
      observer.disconnect();
      // Everything, logs included, is there once both are.
      resolve({ at, views, logs: Math.max(views, logs), changes: changed() });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    window.addEventListener('click', (event) => { t0 ??= event.timeStamp; queueMicrotask(check); }, { capture: true, once: true });
  });
};

const cleanups = [];
async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-cursor-bench-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  // Under the checkout, so the bundle's packages resolve from node_modules.
  const demoModules = await loadDemo(path.join(root, '.state', 'cursor-bench'));
  const demo = await demoModules.startDemoWorld();
  cleanups.unshift(() => demo.stop());
  const bigDir = path.join(dir, 'big');
  mkdirSync(bigDir);
  const bigFile = path.join(bigDir, 'big.log');
  writeFileSync(bigFile, '');
  const bigServer = await demoModules.startLogDemoServer(bigDir);
  cleanups.unshift(() => bigServer.close());

  const appState = path.join(dir, 'app');
  mkdirSync(path.join(appState, 'ops-console'), { recursive: true });
  // YAML reads JSON as it is.
  writeFileSync(path.join(appState, 'ops-console', 'config.yaml'), JSON.stringify(configFile(demo, `${bigServer.url}/big.log`), null, 1));
  const host = startHost(appState);
  cleanups.unshift(host.stop);
  const appUrl = await host.ready;
  await hostRequest(appUrl, 'settings.update', { rangeMinutes: RANGE_MINUTES, autoRefreshSeconds: 0 });

  // The tail starts at the file's end, so the 100k lines arrive as growth, as a busy log's would.
  const startAt = Date.now() - LINES * 10 - 60_000;
  execFileSync(process.execPath, [path.join(root, 'test/bench/logs-gen.mjs'), String(LINES), path.join(dir, 'mix.log'), String(startAt)]);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  appendFileSync(bigFile, execFileSync('cat', [path.join(dir, 'mix.log')], { maxBuffer: 1 << 30 }));
  for (const deadline = Date.now() + 120_000; ; ) {
    const buckets = await hostRequest(appUrl, 'logs.volume', { sourceIds: ['big-checkout'], from: startAt - 3_600_000, until: Date.now() + 60_000, bucketMs: 60_000, filter: null });
    const loaded = buckets.reduce((sum, b) => sum + b.total, 0);
    if (loaded >= LINES) { log(`${fmt(loaded, 0)} lines loaded in the big checkout log`); break; }
    if (Date.now() > deadline) throw new Error(`only ${loaded} of ${LINES} lines reached the host`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  cleanups.unshift(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(appUrl);
  await page.locator('[data-testid="chart-panel"] path.series-line').first().waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chart-panel"]').length === n, PANELS);
  const hit = page.locator('[data-testid="chart-panel"] .chart-hit-layer').first();
  const box = await hit.boundingBox();

  const views = [], logs = [];
  let previous = { previousAt: null, previousChanges: null };
  for (let round = 0; round <= ROUNDS; round++) {
    await page.evaluate(armRound, previous);
    await hit.click({ position: { x: box.width * SPOTS[round % SPOTS.length], y: box.height / 2 } });
    const result = await page.evaluate(() => window.__round);
    previous = { previousAt: result.at, previousChanges: result.changes };
    log(`round ${round}${round === 0 ? ' (warm-up)' : ''}: views ${result.views.toFixed(1)} ms, logs view ${result.logs.toFixed(1)} ms`);
    if (round > 0) { views.push(result.views); logs.push(result.logs); }
    // The cursor's badge clears, so the next click is a new moment for sure. A click on a spike opened
    // the incident layout, which the first Escape leaves (keeping the cursor); the second clears it.
    if ((await page.getByTestId('workspace').getAttribute('data-layout')) === 'incident') await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid="time-cursor-badge"]'));
    previous.previousAt = null;
  }

  const v = median(views), l = median(logs);
  const row = (name, m, all) => `  ${name}: median ${m.toFixed(1)} ms [${all.map((x) => x.toFixed(1)).join(', ')}]  ratio to goal ${(m / GOAL_MS).toFixed(2)}  ${m <= GOAL_MS ? 'OK' : 'OVER GOAL'}`;
  console.log(`\ncursor bench: click on a graph → every view at the new moment, ${PANELS} panels, ${fmt(LINES, 0)} log lines loaded, median of ${ROUNDS} (goal ≤ ${GOAL_MS} ms), chromium ${browser.version()}`);
  console.log(row('charts' + ' + What changed + log strips', v, views));
  console.log(row('… + logs view open at the moment', l, logs));
  return v <= GOAL_MS && l <= GOAL_MS;
}

let ok = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    process.exit(130);
  });
}
try {
  ok = await main();
} catch (error) {
  console.error(error);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error('cleanup:', error));
}
process.exit(ok ? 0 : 1);
