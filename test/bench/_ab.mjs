// A/B cold-load profile of two builds (root dirs) against the same graphite world, alternating.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { writeAppConfig, benchPanels, median } from './support/graphite-world.mjs';
import { hostRequest } from './support/host.mjs';
import { recordPage, busyBetween } from './support/page-profile.mjs';
import { watchedPage, drawnTimes, recordRenders } from './support/dashboard-page.mjs';
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const roots = { before: '/tmp/pf/base', after: '/work/wt/p-fast' };
function startHostAt(root, stateDir) {
  const child = spawn(process.execPath, [path.join(root, 'out/host/cli.mjs'), '--port', '0', '--state-dir', stateDir], { cwd: root, env: { ...process.env, XDG_CONFIG_HOME: stateDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve) => child.stdout.on('data', (c) => { out += c; const m = /ready at (\S+)/.exec(out); if (m) resolve(m[1]); }));
  return { ready, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const ROUNDS = Number(process.argv[2] ?? 4);
const results = { before: [], after: [] };
for (let r = 0; r < ROUNDS; r++) for (const which of ['before', 'after']) {
  const appState = mkdtempSync(path.join(os.tmpdir(), 'pf-ab-'));
  writeAppConfig(appState, { graphiteUrl: world.url, dashboards: [{ id: 'bench', panels: benchPanels(12, 6) }, { id: 'warmup', panels: benchPanels(12, 6, (t) => `offset(${t},0)`) }] });
  const host = startHostAt(roots[which], appState);
  const url = await host.ready;
  await hostRequest(url, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
  // warm the host on the other dashboard
  { const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } }); const p = await ctx.newPage(); await p.goto(url); await p.waitForTimeout(100); await p.goto(new URL(url).origin + '/#/d/warmup'); await p.waitForFunction(() => document.querySelectorAll('path.series-line').length >= 72, null, { timeout: 60000 }); await ctx.close(); }
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await watchedPage(ctx, { panels: 12, series: 6 });
  const renders = recordRenders(page);
  const rec = await recordPage(browser, page);
  const t = await drawnTimes(page, url);
  const { requests, tasks } = await rec.stop();
  const stats = await renders();
  const at = (name, pick) => requests.filter((x) => x.name.startsWith(name) && !x.failed && x.start !== null).map(pick);
  const bootEnd = Math.min(...at('dashboards.open', (x) => x.end), ...at('dashboards.list', (x) => x.end));
  const settingsEnd = Math.min(...at('dashboards.open', (x) => x.end), ...at('settings.get', (x) => x.end));
  const firstRender = Math.min(...at('graphs.render', (x) => x.start));
  const lastRender = Math.max(...at('graphs.render', (x) => x.end));
  const scriptEnd = Math.max(...at('/assets/', (x) => x.end));
  const session = Math.max(0, ...at('/api/session', (x) => x.end));
  const row = { drawn: t.drawnMs, script: scriptEnd, session, firstPaintData: Math.max(bootEnd, settingsEnd), firstRender, lastRender, busyTotal: busyBetween(tasks, 0, t.drawnMs), busyRenderPhase: busyBetween(tasks, firstRender, t.drawnMs), renders: stats.renderRequests, aborted: stats.abortedRequests };
  results[which].push(row);
  console.log(which, JSON.stringify(row, (_k, v) => typeof v === 'number' ? Math.round(v) : v));
  await ctx.close();
  await host.stop();
}
for (const which of ['before', 'after']) { const rows = results[which]; const keys = Object.keys(rows[0]); console.log(which, 'median', JSON.stringify(Object.fromEntries(keys.map((k) => [k, Math.round(median(rows.map((x) => x[k])))])))); }
console.log('load', os.loadavg().map((l) => l.toFixed(1)).join(' '));
await browser.close();
