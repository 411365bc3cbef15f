// The log viewer benchmark of issue [D], method as in logs-performance.md: the real LogsPanel
// (bundled with its styles into a bench page) in headless /usr/bin/chromium, fed `logs.lines`
// events of the spike's line mix (logs-gen.mjs: 7.5 % ANSI, some non-ASCII).
//  1. 1,000 new lines → drawn: from the event to the task after the frame that shows the last of
//     them (median of ROUNDS, after 2 warm-up rounds). Goal ≤ 50 ms.
//  2. Following 5,000 lines/s (50 lines every 10 ms) for 5 s: frames drawn per second (median of
//     3 runs). Goal ≥ 30 fps.
//   node test/bench/logs-viewer-bench.mjs [rounds=11]
/* global document, window, requestAnimationFrame */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ROUNDS = Number(process.argv[2] ?? 11);
const BATCH = 1_000, FOLLOW_RATE = 5_000, FOLLOW_S = 5, FOLLOW_RUNS = 3;
const DRAW_GOAL_MS = 50, FPS_GOAL = 30;
const log = (line) => process.stderr.write(`[logs-viewer-bench] ${line}\n`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2; };

const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-logs-viewer-bench-'));
let browser;
try {
  const needed = (ROUNDS + 2) * BATCH + FOLLOW_RUNS * FOLLOW_RATE * (FOLLOW_S + 1);
  execFileSync(process.execPath, [path.join(root, 'test/bench/logs-gen.mjs'), String(needed), path.join(dir, 'mix.log')]);
  const texts = readFileSync(path.join(dir, 'mix.log'), 'utf8').split('\n').filter(Boolean);
  const start = Date.now() - texts.length * 10;
  const lines = texts.map((text, seq) => ({
    sourceId: 'bench', host: 'bench-1', seq, at: start + seq * 10, text, truncatedFrom: null, gap: null,
    level: /\b(ERROR|WARN|INFO|DEBUG)\b/i.exec(text)?.[1].toLowerCase() ?? null,
  }));
  const ansiShare = lines.filter((l) => l.text.includes('\u001b')).length / lines.length;

  await build({
    entryPoints: [path.join(root, 'test/bench/logs-viewer-bench-page.tsx')],
    bundle: true, outdir: dir, jsx: 'automatic', format: 'iife', minify: true, logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="logs-viewer-bench-page.css">
<style>.bench-box { width: 900px; height: 640px; }</style><div id="root"></div><script src="logs-viewer-bench-page.js"></script>`);

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
  const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
  await page.getByRole('button', { name: 'Following' }).waitFor();
  await page.getByText('1 of 1 sources').waitFor();

  let next = 0;
  const take = (n) => lines.slice(next, (next += n));
  const draws = [], works = [];
  for (let round = 0; round < ROUNDS + 2; round++) {
    const batch = take(BATCH);
    const { ms, work, frames } = await page.evaluate((batch) => new Promise((resolve) => {
      const last = batch[batch.length - 1].seq;
      const t0 = performance.now();
      let work = null, frames = 0;
      window.bench.emit(batch);
      // The viewer's own frame callback was queued by the emit, so it runs just before this one:
      // the time since the frame began is the work of drawing the batch (merge, render, commit).
      const check = (frameStart) => {
        frames++;
        // The frame's time can precede the event (the vsync came first): count from the later of the two.
        work ??= performance.now() - Math.max(frameStart, t0);
        if (document.querySelector(`[data-testid="log-line"][data-seq="${last}"]`)) setTimeout(() => resolve({ ms: performance.now() - t0, work, frames }), 0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }), batch);
    if (round >= 2) {
      draws.push(ms);
      works.push(work);
      if (frames > 1) log(`round ${round - 1}: the last line showed ${frames} frames after the event`);
    }
  }

  const rates = [];
  for (let run = 0; run < FOLLOW_RUNS; run++) {
    const feed = take(FOLLOW_RATE * FOLLOW_S);
    const { frames, seconds, longest } = await page.evaluate(({ feed, perTick, seconds }) => new Promise((resolve) => {
      let at = 0, frames = 0, longest = 0;
      const t0 = performance.now();
      let previous = t0;
      const timer = setInterval(() => { window.bench.emit(feed.slice(at, (at += perTick))); }, 10);
      const frame = (now) => {
        frames++;
        longest = Math.max(longest, now - previous);
        previous = now;
        if (now - t0 < seconds * 1000) requestAnimationFrame(frame);
        else { clearInterval(timer); resolve({ frames, seconds: (now - t0) / 1000, longest }); }
      };
      requestAnimationFrame(frame);
    }), { feed, perTick: FOLLOW_RATE / 100, seconds: FOLLOW_S });
    const rows = await page.getByTestId('log-line').count();
    rates.push(frames / seconds);
    log(`follow run ${run + 1}: ${(frames / seconds).toFixed(1)} fps, longest frame ${longest.toFixed(1)} ms, ${rows} rows in the DOM`);
  }

  const draw = median(draws), fps = median(rates);
  const pass = draw <= DRAW_GOAL_MS && fps >= FPS_GOAL;
  console.log(`logs viewer: ${BATCH.toLocaleString('en')} new lines (${(ansiShare * 100).toFixed(1)} % with ANSI) drawn in ${draw.toFixed(1)} ms, median of ${draws.length} ` +
    `[${draws.map((d) => d.toFixed(1)).join(', ')}] (goal ≤ ${DRAW_GOAL_MS} ms; ${(DRAW_GOAL_MS / draw).toFixed(1)}× under it); ` +
    `work inside the frame ${median(works).toFixed(1)} ms median`);
  console.log(`logs viewer: following ${FOLLOW_RATE.toLocaleString('en')} lines/s: ${fps.toFixed(1)} fps, median of ${rates.length} runs of ${FOLLOW_S} s ` +
    `(goal ≥ ${FPS_GOAL} fps; ${(fps / FPS_GOAL).toFixed(1)}× the goal)`);
  console.log(`logs viewer: ${pass ? 'both goals met' : 'GOAL MISSED'}`);
  process.exitCode = pass ? 0 : 1;
} finally {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
}
