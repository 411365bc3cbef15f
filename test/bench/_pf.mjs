import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { writeAppConfig, benchPanels } from './support/graphite-world.mjs';
import { startHost, hostRequest } from './support/host.mjs';
import { recordPage, busyBetween, waterfall } from './support/page-profile.mjs';
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const PANELS = Number(process.env.PANELS ?? 12), ROUNDS = Number(process.env.ROUNDS ?? 2);
const appState = mkdtempSync(path.join(os.tmpdir(), 'pf-app-'));
writeAppConfig(appState, { graphiteUrl: world.url, dashboards: [{ id: 'bench', panels: benchPanels(PANELS, 6) }] });
const host = startHost(appState);
const appUrl = await host.ready;
await hostRequest(appUrl, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
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
    if (!window.__firstPanelAt && document.querySelector('[data-testid="chart-panel"]')) window.__firstPanelAt = performance.now();
    if (scheduled || window.__drawnAt) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; if (!window.__drawnAt && check()) window.__drawnAt = performance.now(); });
  }).observe(document, { subtree: true, childList: true, attributes: true });
};
try {
for (let r = 0; r < ROUNDS; r++) {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  await page.addInitScript(watchDrawn, { panels: PANELS, series: 6 });
  const rec = await recordPage(browser, page);
  await page.goto(appUrl);
  await page.waitForFunction(() => window.__drawnAt, null, { timeout: 120_000, polling: 50 });
  await new Promise((r) => setTimeout(r, 300));
  const { drawnAt, firstPanelAt, nav } = await page.evaluate(() => ({ drawnAt: window.__drawnAt, firstPanelAt: window.__firstPanelAt, nav: performance.getEntriesByType('navigation')[0].toJSON() }));
  const { requests, tasks } = await rec.stop();
  console.log(`--- round ${r}: drawn ${drawnAt.toFixed(0)} firstPanel ${firstPanelAt?.toFixed(0)} DCL ${nav.domContentLoadedEventEnd.toFixed(0)} load ${nav.loadEventEnd.toFixed(0)}`);
  console.log(waterfall(requests));
  const renders = requests.filter(r => r.name.startsWith('graphs.render') && !r.failed);
  const bootEnd = requests.find(r => r.name === 'dashboards.open' || r.name === 'dashboards.list')?.end ?? 0;
  const marks = [['nav',0], ['DCL',nav.domContentLoadedEventEnd], ['boot answered', bootEnd], ['first render sent', Math.min(...renders.map(r=>r.start))], ['last render answered', Math.max(...renders.map(r=>r.end))], ['drawn', drawnAt]];
  for (let i = 1; i < marks.length; i++) console.log(`${marks[i-1][0]} → ${marks[i][0]}: ${(marks[i][1]-marks[i-1][1]).toFixed(0)} ms wall, main thread busy ${busyBetween(tasks, marks[i-1][1], marks[i][1]).toFixed(0)} ms`);
  await ctx.close();
}
} finally { await browser.close(); await host.stop(); }
