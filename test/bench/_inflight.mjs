import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { writeAppConfig, benchPanels } from './support/graphite-world.mjs';
import { startHost, hostRequest } from './support/host.mjs';
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const appState = mkdtempSync(path.join(os.tmpdir(), 'pf-app-'));
writeAppConfig(appState, { graphiteUrl: world.url, dashboards: [{ id: 'bench', panels: benchPanels(48, 6) }] });
const host = startHost(appState);
const appUrl = await host.ready;
await hostRequest(appUrl, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.addInitScript(() => {
  let open = 0; window.__most = 0; window.__log = [];
  const f = window.fetch;
  window.fetch = async (url, init) => {
    const body = init?.body ? JSON.parse(init.body) : null;
    const isRender = body?.name === 'graphs.render';
    if (isRender) { open++; window.__most = Math.max(window.__most, open); window.__log.push(['+', performance.now(), open]); }
    try { const r = await f(url, init); if (!isRender) return r; const text = await r.text(); return new Response(text, { status: r.status, headers: r.headers }); }
    finally { if (isRender) { open--; window.__log.push(['-', performance.now(), open]); } }
  };
});
await page.goto(appUrl);
await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-panel"] path.series-line').length >= 48 * 6 && [...document.querySelectorAll('path.series-line')].every(p => (p.getAttribute('d') ?? '').startsWith('M')), null, { timeout: 120000, polling: 200 });
console.log('most fetches of graphs.render open at once in the page:', await page.evaluate(() => window.__most));
await browser.close(); await host.stop();
