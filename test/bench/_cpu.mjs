import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { SourceMapConsumer } from 'source-map-js';
import { readdirSync } from 'node:fs';
const ROOT = process.env.ROOT ?? '.';
const mapFile = readdirSync(ROOT + '/out/renderer/assets').find(f=>f.endsWith('.js.map'));
const smc = new SourceMapConsumer(JSON.parse(readFileSync(ROOT + '/out/renderer/assets/'+mapFile,'utf8')));
const orig = (cf) => { if (!cf.url.includes('index-')) return `${cf.functionName||'(anon)'} [native]`; const o = smc.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber }); return `${o.name ?? cf.functionName ?? '(anon)'} ${(o.source ?? '?').replace(/.*node_modules\//,'nm/').replace(/^\.\.\//,'')}:${o.line}`; };
const modOf = (cf) => { if (!cf.url.includes('index-')) return cf.functionName || '(native)'; const o = smc.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber }); const src=(o.source ?? '?'); const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src); return m ? 'nm:'+m[1] : src.replace(/^\.\.\//,''); };
import { writeAppConfig, benchPanels } from './support/graphite-world.mjs';
import { hostRequest } from './support/host.mjs';
import { spawn } from 'node:child_process';
function startHost(stateDir) { const child = spawn(process.execPath, [path.join(ROOT, 'out/host/cli.mjs'), '--port', '0', '--state-dir', stateDir], { cwd: ROOT, env: { ...process.env, XDG_CONFIG_HOME: stateDir }, stdio: ['ignore', 'pipe', 'pipe'] }); let out = ''; const ready = new Promise((resolve) => child.stdout.on('data', (c) => { out += c; const m = /ready at (\S+)/.exec(out); if (m) resolve(m[1]); })); return { ready, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }; }
const world = JSON.parse(readFileSync('/tmp/pf/world.json', 'utf8'));
const PANELS = Number(process.env.PANELS ?? 12);
const appState = mkdtempSync(path.join(os.tmpdir(), 'pf-app-'));
writeAppConfig(appState, { graphiteUrl: world.url, dashboards: [{ id: 'bench', panels: benchPanels(PANELS, 6) }] });
const host = startHost(appState);
const appUrl = await host.ready;
await hostRequest(appUrl, 'settings.update', { rangeMinutes: 1440, autoRefreshSeconds: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(appUrl);
  await page.waitForFunction(() => document.querySelectorAll('path.series-line').length >= 72 && [...document.querySelectorAll('path.series-line')].every(p=>(p.getAttribute('d')??'').startsWith('M')), null, { timeout: 60000, polling: 50 });
  const { profile } = await cdp.send('Profiler.stop');
  // self time by function
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map(); const mods = new Map();
  const dt = profile.timeDeltas; let total = 0;
  profile.samples.forEach((id, i) => { const n = byId.get(id); const cf = n.callFrame; const key = orig(cf); const mk = modOf(cf); mods.set(mk, (mods.get(mk) ?? 0) + (dt[i] ?? 0) / 1000); self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000); total += (dt[i] ?? 0)/1000; });
  console.log('total sampled ms', total.toFixed(0));
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(1).padStart(7)} ${k}`).join('\n'));
  // inclusive by top-level categories: walk the tree
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => { const seen = new Set(); for (let x = id; x !== undefined; x = parent.get(x)) { const cf = byId.get(x).callFrame; const key = orig(cf); if (seen.has(key)) continue; seen.add(key); incl.set(key, (incl.get(key) ?? 0) + (dt[i] ?? 0) / 1000); } });
  console.log('--- by module');console.log([...mods].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${v.toFixed(1).padStart(7)} ${k}`).join('\n'));
  console.log('--- inclusive');
  console.log([...incl].sort((a, b) => b[1] - a[1]).slice(0, 90).map(([k, v]) => `${v.toFixed(1).padStart(7)} ${k}`).join('\n'));
} finally { await browser.close(); await host.stop(); }
