// Jump-to-time on a 1 GB log over HTTP (issue [D]'s bench; goal <= 20 Range requests): the HTTP
// log source's readAround bisects a 1 GB file of the spike's mix (generated once under
// .state/logs-bench) served by a real private nginx (nginx-backend.sh), for moments spread over
// the file and beyond both ends. Each answer is checked against a full local scan, and the
// requests counted by us are checked against nginx's access log.
//   node test/bench/logs-jump-bench.mjs [moments=15]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { benchDir, fmt, loadLogModules, log as logger, median, mixFile, root } from './logs-bench-support.mjs';
import { freePort } from '../support/free-port.mjs';

const log = logger('logs-jump-bench');
const LINES = 7_500_000; // ~1.07 GB at ~143 bytes a line
const EXCERPT = 256 * 1024;
const script = path.join(root, 'test/integration/backends/nginx-backend.sh');

/** A private nginx serving .state/logs-bench; resolves with its URL and a stop function. */
async function startNginx() {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-logs-bench-nginx-'));
  const env = { ...process.env, NGINX_STATE_DIR: stateDir, NGINX_LOG_DIR: benchDir, NGINX_PORT: String(await freePort()), NGINX_FOREGROUND: '1' };
  const child = spawn('bash', [script, 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => /^ready \d+/m.test(String(chunk)) && resolve());
    child.once('exit', (code) => reject(new Error(`nginx-backend.sh start exited with ${code}`)));
  });
  const stop = () =>
    new Promise((resolve) => execFile('bash', [script, 'stop'], { env }, () => resolve())).then(() => rmSync(stateDir, { recursive: true, force: true }));
  const requests = (file) => readFileSync(path.join(stateDir, 'access.log'), 'utf8').split('\n').filter((line) => line.includes(`"/logs/${file}"`)).length;
  return { url: `http://127.0.0.1:${env.NGINX_PORT}`, stop, requests };
}

/** The first line stamped at or after each moment (sorted), by one pass over the whole file. */
function scanTruth({ readLineFields }, file, moments) {
  const bytes = readFileSync(file);
  const truth = new Map();
  const now = Date.now();
  let next = 0;
  for (let start = 0; start < bytes.length && next < moments.length; ) {
    const end = bytes.indexOf(0x0a, start);
    const text = bytes.toString('latin1', start, end);
    const at = readLineFields(text, 0, text.length, now).at;
    while (next < moments.length && at >= moments[next]) truth.set(moments[next++], bytes.toString('utf8', start, end));
    start = end + 1;
  }
  for (; next < moments.length; next++) truth.set(moments[next], null);
  return truth;
}

async function main() {
  const count = Number(process.argv[2] ?? 15);
  const { file, start } = mixFile(LINES);
  const modules = await loadLogModules();
  const { size } = statSync(file);
  // Every line is 0-20 ms after the one before: about 10 ms a line on average.
  const end = start + LINES * 10;
  const moments = [start - 60_000, ...Array.from({ length: count }, (_, i) => start + Math.round(((i + 0.5) * (end - start)) / count)), end + 3_600_000].map(
    (t) => Math.floor(t / 1_000) * 1_000,
  );
  log(`scanning ${fmt(size / 1e9, 2)} GB once for the true answers`);
  const truth = scanTruth(modules, file, moments);

  const nginx = await startNginx();
  const results = [];
  try {
    const name = path.basename(file);
    const source = modules.createHttpLogSource(
      { id: 'bench', kind: 'logs', type: 'http', url: `${nginx.url}/logs/${name}`, auth: { type: 'none' }, host: 'bench', service: 'bench', bufferLines: 100_000 },
      { reveal: () => undefined },
    );
    for (const moment of moments) {
      const before = nginx.requests(name);
      const t0 = performance.now();
      const excerpt = await source.readAround(moment, EXCERPT, AbortSignal.timeout(60_000));
      const ms = performance.now() - t0;
      const pipeline = new modules.SourcePipeline(100_000);
      pipeline.ingest(excerpt.chunk);
      const { ring } = pipeline;
      let anchor = ring.oldestSeq;
      while (anchor < ring.nextSeq && !(ring.at(anchor) >= moment)) anchor++;
      const found = anchor < ring.nextSeq ? ring.text(anchor) : null;
      results.push({ moment, ms, requests: excerpt.requests, logged: nginx.requests(name) - before, correct: found === truth.get(moment) });
    }
  } finally {
    await nginx.stop();
  }

  const requests = results.map((r) => r.requests);
  const correct = results.filter((r) => r.correct).length;
  const agreed = results.every((r) => r.logged === r.requests);
  const worst = Math.max(...requests);
  console.log(`\nlogs jump-to-time bench: ${fmt(size / 1e9, 2)} GB (${LINES.toLocaleString('en')} lines of the spike's mix) over a real nginx, ${moments.length} moments, ${EXCERPT / 1024} KiB read around each`);
  console.log(`  Range requests: median ${median(requests)}, worst ${worst}   goal <= 20: ${worst <= 20 ? 'met' : 'NOT met'} (log2(size / 64 KiB) = ${fmt(Math.log2(size / 65_536), 1)})`);
  console.log(`  time to the lines: median ${fmt(median(results.map((r) => r.ms)), 0)} ms, worst ${fmt(Math.max(...results.map((r) => r.ms)), 0)} ms`);
  console.log(`  right line (as a full scan finds it): ${correct}/${results.length}; requests in nginx's access log agree with ours: ${agreed ? 'yes' : 'NO'}`);
  process.exitCode = worst <= 20 && correct === results.length && agreed ? 0 : 1;
}

await main();
