import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { writeAppConfig, benchPanels } from './support/graphite-world.mjs';
import { startHost, hostRequest } from './support/host.mjs';
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const appState = mkdtempSync(path.join(os.tmpdir(), 'pf-app-'));
writeAppConfig(appState, { graphiteUrl: world.url, dashboards: [{ id: 'bench', panels: benchPanels(12, 6) }] });
const host = startHost(appState);
const appUrl = await host.ready;
await hostRequest(appUrl, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (let r = 0; r < 2; r++) {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await ctx.newPage();
  await page.goto(appUrl);
  await page.waitForFunction(() => document.querySelectorAll('path.series-line').length >= 72 && [...document.querySelectorAll('path.series-line')].every(p=>(p.getAttribute('d')??'').startsWith('M')), null, { timeout: 60000, polling: 50 });
  const c = await page.evaluate(() => ({ charts: globalThis.__chartRenders, layers: globalThis.__layerRenders }));
  console.log('chart renders', c.charts.length, 'layer renders', c.layers.length);
  const groups = new Map(); for (const [t, w, n, span] of c.charts) { const k = `w=${w} n=${n} span=${span/60000}m`; groups.set(k, (groups.get(k) ?? 0) + 1); }
  console.log([...groups]);
  console.log(c.charts.map(x=>x[0]).join(' '));
  await ctx.close();
  }
} finally { await browser.close(); await host.stop(); }
