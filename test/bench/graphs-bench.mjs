// The graphs benchmark of issues [B] and [P], on a real graphite-web 1.1.8 + carbon
// (graphite-backend.sh) through our browser-mode host in headless /usr/bin/chromium, method as in
// graphs-performance.md: 12 panels x 6 series x 24 h at 10 s (8,640 points a series), with 100
// deploy + 300 flip markers and again with 1,000. Each round starts a host of its own and warms it
// (its JIT, graphite-web's caches) on another dashboard of the same shape, then measures:
//  - cold: navigation to all 12 panels drawn, nothing last-known (goal: median <= 0.8x graphite-web
//    drawing the same 12 PNGs in the same round, worst <= 1.0x, no render aborted);
//  - reload: the same page reloaded, drawn from the core's last-known renders (goal <= 300 ms,
//    every panel marked with its age), then fresh;
//  - restart: the host stopped and started again on its state directory (a new port, so a new
//    origin), drawn from the last-known file the same way.
// Also per round: points fetched per series, renders sent and aborted, main-thread work per mouse
// move. Everything it starts it stops, also on failure.
//   node test/bench/graphs-bench.mjs [rounds=5] [--profile]   (--profile: where the first cold round's time went)
// The functions handed to page.evaluate run in the page, with its globals:
/* global document */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from '@playwright/test';

import { drawnTimes, hoverWork, markersOnFirstPanel, pngTime, recordRenders, startPngPage, watchedPage } from './support/dashboard-page.mjs';
import { benchPanels, loadAverage, markerEvents, median, p95, POINTS, postEvents, runBench, seededGraphite, STEP_S, writeAppConfig } from './support/graphite-world.mjs';
import { hostRequest, sessionCookie, startHost } from './support/host.mjs';
import { busyBetween, recordPage, waterfall } from './support/page-profile.mjs';

const args = process.argv.slice(2);
const ROUNDS = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const PROFILE = args.includes('--profile');
const PANELS = 12, SERIES = 6, MOVES = 60;
const SHAPE = { panels: PANELS, series: SERIES };
const VIEWPORT = { width: 1600, height: 1000 };
const log = (line) => process.stderr.write(`[graphs-bench] ${line}\n`);

/** The app's state for one round: the bench dashboard (shown first) and a warm-up one of the same shape over other targets. */
function configure(appState, graphiteUrl) {
  writeAppConfig(appState, {
    graphiteUrl,
    dashboards: [
      { id: 'bench', panels: benchPanels(PANELS, SERIES) },
      { id: 'warmup', panels: benchPanels(PANELS, SERIES, (t) => `scale(${t},1)`) },
    ],
  });
}

async function startConfiguredHost(appState, cleanups) {
  const host = startHost(appState);
  cleanups.unshift(host.stop);
  const url = await host.ready;
  return { url, stop: async () => (cleanups.splice(cleanups.indexOf(host.stop), 1), await host.stop()) };
}

/** Draws the warm-up dashboard once in a signed-in page, so the host's code is warm and nothing of `bench` is known. */
async function warmUp(browser, url) {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  try {
    await ctx.addCookies([await sessionCookie(url)]);
    await drawnTimes(await watchedPage(ctx, SHAPE), `${new URL(url).origin}/#/d/warmup`);
  } finally {
    await ctx.close();
  }
}

async function round(browser, graphiteUrl, pngUrl, cleanups, profile) {
  const appState = mkdtempSync(path.join(os.tmpdir(), 'ops-graphs-bench-app-'));
  cleanups.unshift(async () => rmSync(appState, { recursive: true, force: true }));
  configure(appState, graphiteUrl);
  let host = await startConfiguredHost(appState, cleanups);
  await hostRequest(host.url, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
  await warmUp(browser, host.url);

  // Cold: a fresh context opens the printed address; the core knows nothing of this dashboard yet.
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await watchedPage(ctx, SHAPE);
  const renders = recordRenders(page);
  const recording = profile ? await recordPage(browser, page) : null;
  const cold = await drawnTimes(page, host.url);
  const profiled = recording ? await recording.stop() : null;
  const coldRenders = await renders();
  const plotWidth = await page.evaluate(() => document.querySelector('.chart-hit-layer').getBoundingClientRect().width);
  const work = await page.evaluate(hoverWork, MOVES);
  const markers = await page.evaluate(markersOnFirstPanel);
  const pngMs = await pngTime(browser, pngUrl);

  // Reload: the same page again, from the core's memory.
  const reload = await drawnTimes(page, null);
  await ctx.close();

  // Restart: the core stops (writing its last-known file) and starts again on a new port.
  await host.stop();
  host = await startConfiguredHost(appState, cleanups);
  const rctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const restart = await drawnTimes(await watchedPage(rctx, SHAPE), host.url);
  await rctx.close();
  await host.stop();

  return {
    result: {
      coldMs: cold.drawnMs, pngMs, ratio: cold.drawnMs / pngMs, coldLastKnown: cold.drawnLastKnown, ...coldRenders, plotWidth,
      reloadMs: reload.drawnMs, reloadLastKnown: reload.drawnLastKnown, reloadFreshMs: reload.freshMs,
      restartMs: restart.drawnMs, restartLastKnown: restart.drawnLastKnown, restartFreshMs: restart.freshMs,
      hoverMed: median(work), hoverP95: p95(work), markersOnFirstPanel: markers,
    },
    profiled: profiled && { ...profiled, drawnMs: cold.drawnMs },
  };
}

/** Where the profiled cold load's time went: its requests, and the main thread's busy time between milestones. */
function printProfile({ requests, tasks, drawnMs }) {
  console.log('\nprofile of one cold load (ms from navigation; main thread busy in each stretch):');
  console.log(waterfall(requests));
  const at = (name, pick) => requests.filter((r) => r.name.startsWith(name) && !r.failed).map(pick);
  const marks = [
    ['navigation', 0],
    ['script loaded', Math.max(...at('/assets/', (r) => r.end))],
    ['signed in', Math.max(0, ...at('/api/session', (r) => r.end))],
    ['first paint data', Math.min(...at('dashboards.open', (r) => r.end))],
    ['first render sent', Math.min(...at('graphs.render', (r) => r.start))],
    ['last render answered', Math.max(...at('graphs.render', (r) => r.end))],
    ['all drawn', drawnMs],
  ];
  for (let i = 1; i < marks.length; i++) {
    const [from, a] = marks[i - 1], [to, b] = marks[i];
    console.log(`  ${from} → ${to}: ${(b - a).toFixed(0)} ms (main thread busy ${busyBetween(tasks, a, b).toFixed(0)} ms)`);
  }
}

await runBench(async (cleanups) => {
  const load = [await loadAverage()];
  const { graphite, until } = await seededGraphite(cleanups, { name: 'graphs-bench', panels: PANELS, series: SERIES, log });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  cleanups.unshift(() => browser.close());
  // The PNGs are drawn at the plot's size as the app lays it out.
  const probeState = mkdtempSync(path.join(os.tmpdir(), 'ops-graphs-bench-probe-'));
  cleanups.unshift(async () => rmSync(probeState, { recursive: true, force: true }));
  configure(probeState, graphite.url);
  const probeHost = await startConfiguredHost(probeState, cleanups);
  const probe = await browser.newPage({ viewport: VIEWPORT });
  await probe.goto(probeHost.url);
  await probe.waitForSelector('[data-testid="chart-panel"] .chart-host');
  const size = await probe.evaluate(() => { const r = document.querySelector('[data-testid="chart-panel"] .chart-host').getBoundingClientRect(); return { width: Math.round(r.width), height: 220 }; });
  await probe.close();
  await probeHost.stop();
  const png = await startPngPage(graphite.url, benchPanels(PANELS, SERIES), { from: until - 86_400, until, ...size });
  cleanups.unshift(png.close);

  const results = {};
  for (const [label, deploys, flips, seed] of [['100 deploys + 300 flips', 100, 300, 1], ['1,000 markers', 300, 300, 2]]) {
    const t = Date.now();
    await postEvents(graphite.url, markerEvents(deploys, flips, until, seed));
    log(`posted ${deploys + flips} events in ${((Date.now() - t) / 1000).toFixed(1)} s (${label})`);
    const rounds = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const { result, profiled } = await round(browser, graphite.url, png.url, cleanups, PROFILE && r === 1 && rounds.length === 0 && label.startsWith('100'));
      if (r > 0) rounds.push(result); // round 0 warms up graphite-web and Chromium
      log(`${label} round ${r}${r === 0 ? ' (warm-up)' : ''}: ${JSON.stringify(result, (_k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
      if (profiled) printProfile(profiled);
    }
    const med = (key) => median(rounds.map((x) => x[key]));
    const sum = (key) => rounds.reduce((n, x) => n + x[key], 0);
    results[label] = {
      coldRatio: med('ratio'), coldWorst: Math.max(...rounds.map((x) => x.ratio)), 'cold<=0.8x': `${rounds.filter((x) => x.ratio <= 0.8).length}/${rounds.length}`,
      coldMs: med('coldMs'), pngMs: med('pngMs'), abortedCold: sum('abortedRequests'), rendersCold: sum('renderRequests'), duplicates: sum('duplicatesInFlight'),
      reloadMs: med('reloadMs'), reloadWorstMs: Math.max(...rounds.map((x) => x.reloadMs)), restartMs: med('restartMs'), restartWorstMs: Math.max(...rounds.map((x) => x.restartMs)),
      warmAged: `${Math.min(...rounds.map((x) => Math.min(x.reloadLastKnown, x.restartLastKnown)))}/${PANELS}`,
      pointsPerSeries: med('pointsPerSeries'), maxDataPoints: med('maxDataPoints'), plotWidth: med('plotWidth'),
      hoverMedMs: med('hoverMed'), hoverP95Ms: med('hoverP95'), markersOnFirstPanel: med('markersOnFirstPanel'),
    };
  }
  load.push(await loadAverage());
  console.log(`\ngraphs bench: ${PANELS} panels x ${SERIES} series x 24 h at ${STEP_S} s (${POINTS} points a series), median of ${ROUNDS} rounds, chromium ${browser.version()}, load average ${load[0]} → ${load[1]}`);
  console.table(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, typeof b === 'number' ? Math.round(b * 100) / 100 : b]))])));
  console.log('goals: cold median <= 0.8x and worst <= 1.0x the PNGs (same round), 0 aborted; reload and restart drawn <= 300 ms, every panel marked with its age (warmAged 12/12); hover p95 <= 8 ms; points per series ~ plot width in px');
});
