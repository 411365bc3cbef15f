// The dashboard at four times the size (issue [P]): 48 panels x 6 series x 24 h at 10 s against
// 12 panels, cold, on a real graphite-web 1.1.8 + carbon through our browser-mode host in
// headless /usr/bin/chromium. Each round starts a host of its own, warms it on a third dashboard
// (other targets, so nothing of the measured ones is known), then opens the 12-panel and the
// 48-panel dashboard by link, each until every panel is drawn. Goal: 48 panels fully drawn in at
// most 4x the 12-panel time, with the renders in flight bounded and the panels in view asked first.
//   node test/bench/graphs-size-bench.mjs [rounds=3]
// The functions handed to page.evaluate run in the page, with its globals:
/* global document, window */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from '@playwright/test';

import { drawnTimes, recordRenders, watchedPage } from './support/dashboard-page.mjs';
import { benchPanels, loadAverage, markerEvents, median, postEvents, runBench, seededGraphite, STEP_S, writeAppConfig } from './support/graphite-world.mjs';
import { hostRequest, sessionCookie, startHost } from './support/host.mjs';

const ROUNDS = Number(process.argv[2] ?? 3);
const SMALL = 12, LARGE = 48, SERIES = 6, GOAL = 4;
const VIEWPORT = { width: 1600, height: 1000 };
const log = (line) => process.stderr.write(`[graphs-size-bench] ${line}\n`);

/** Opens `dashboard` by link in a fresh signed-in context; resolves once every panel is drawn, with what it asked of Graphite. */
async function open(browser, url, dashboard, panels) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await ctx.addCookies([await sessionCookie(url)]);
    const page = await watchedPage(ctx, { panels, series: SERIES });
    const renders = recordRenders(page);
    const { drawnMs, drawnLastKnown } = await drawnTimes(page, `${new URL(url).origin}/#/d/${dashboard}`);
    // Which panels were in view when the page drew, so the order can be judged against it.
    const inView = await page.evaluate(() => {
      const titles = [];
      for (const panel of document.querySelectorAll('[data-testid="chart-panel"]')) {
        const box = panel.getBoundingClientRect();
        if (box.bottom > 0 && box.top < window.innerHeight) titles.push(panel.getAttribute('aria-label'));
      }
      return titles;
    });
    const stats = await renders();
    const firstAsked = renders.order.slice(0, Math.min(inView.length, 4)).map((targets) => `Panel ${Number(/bench\.p(\d+)/.exec(targets[0])[1]) + 1}`);
    return { drawnMs, drawnLastKnown, ...stats, firstInView: `${firstAsked.filter((t) => inView.includes(t)).length}/${firstAsked.length}` };
  } finally {
    await ctx.close();
  }
}

await runBench(async (cleanups) => {
  const load = [await loadAverage()];
  const { graphite, until } = await seededGraphite(cleanups, { name: 'graphs-size-bench', panels: LARGE, series: SERIES, log });
  await postEvents(graphite.url, markerEvents(100, 300, until, 1));

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  cleanups.unshift(() => browser.close());
  const rounds = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const appState = mkdtempSync(path.join(os.tmpdir(), 'ops-graphs-size-bench-app-'));
    cleanups.unshift(async () => rmSync(appState, { recursive: true, force: true }));
    // Three dashboards over different targets: nothing one draws is last-known for another.
    writeAppConfig(appState, {
      graphiteUrl: graphite.url,
      dashboards: [
        { id: 'warmup', panels: benchPanels(SMALL, SERIES, (x) => `offset(${x},0)`) },
        { id: 'small', panels: benchPanels(SMALL, SERIES) },
        { id: 'large', panels: benchPanels(LARGE, SERIES, (x) => `scale(${x},1)`) },
      ],
    });
    const host = startHost(appState);
    cleanups.unshift(host.stop);
    const url = await host.ready;
    await hostRequest(url, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
    await open(browser, url, 'warmup', SMALL);
    const small = await open(browser, url, 'small', SMALL);
    const large = await open(browser, url, 'large', LARGE);
    await host.stop();
    const result = { smallMs: small.drawnMs, largeMs: large.drawnMs, ratio: large.drawnMs / small.drawnMs, largeRenders: large.renderRequests, largeAborted: large.abortedRequests, largeDuplicates: large.duplicatesInFlight, maxInFlight: large.maxInFlight, firstInView: large.firstInView, lastKnownAtDraw: small.drawnLastKnown + large.drawnLastKnown };
    if (r > 0) rounds.push(result); // round 0 warms up graphite-web and Chromium
    log(`round ${r}${r === 0 ? ' (warm-up)' : ''}: ${JSON.stringify(result, (_k, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
  }
  load.push(await loadAverage());
  const med = (key) => median(rounds.map((x) => x[key]));
  console.log(`\ngraphs size bench: ${LARGE} against ${SMALL} panels x ${SERIES} series x 24 h at ${STEP_S} s, cold, median of ${ROUNDS} rounds, load average ${load[0]} → ${load[1]}`);
  console.table({
    [`${SMALL} panels`]: { drawnMs: Math.round(med('smallMs')) },
    [`${LARGE} panels`]: {
      drawnMs: Math.round(med('largeMs')), ratio: Math.round(med('ratio') * 100) / 100, worstRatio: Math.round(Math.max(...rounds.map((x) => x.ratio)) * 100) / 100,
      renders: med('largeRenders'), aborted: rounds.reduce((n, x) => n + x.largeAborted, 0), duplicatesInFlight: rounds.reduce((n, x) => n + x.largeDuplicates, 0),
      maxInFlight: Math.max(...rounds.map((x) => x.maxInFlight)), firstAskedInView: rounds.map((x) => x.firstInView).join(' '),
    },
  });
  console.log(`goal: ${LARGE} panels drawn in <= ${GOAL}x the ${SMALL}-panel time; renders in flight bounded (the loader's MAX_LOADS_IN_FLIGHT, 8); the first four asked are panels in view`);
  return rounds.length > 0 && med('ratio') <= GOAL;
});
