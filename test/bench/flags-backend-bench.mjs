// The flag-service bench of issue [C], on a real Unleash 8.2.0 + PostgreSQL 15 with 300 flags
// (test/integration/backends/unleash-backend.sh), through the real adapter (bundled from
// src/flags with esbuild). Medians of ROUNDS:
//   - list load time: a fresh adapter's first list (flags + every flag's strategies + event log),
//     and a poll of an unchanged list (ETag: 304s);
//   - flip round trip to confirmed state: adapter.write (re-read, write, read back) against the
//     same raw HTTP sequence (GET environment, POST on|off, GET environment) in the same run,
//     interleaved, and their ratio (goal <= 1.2).
// Everything it starts it stops, also on failure.   node test/bench/flags-backend-bench.mjs [rounds=9]
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { build } from 'esbuild';
import { freePorts } from '../support/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'test/integration/backends/unleash-backend.sh');
const ROUNDS = Math.max(5, Number(process.argv[2] ?? 9));
const FLIPS = ROUNDS * 4;
const GOAL_RATIO = 1.2;
const log = (line) => process.stderr.write(`[flags-bench] ${line}\n`);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const ms = (v) => `${v.toFixed(1)} ms`;

/** The adapter as the app runs it, bundled to a module Node can import (axios and zod come from node_modules). */
async function loadAdapter() {
  const outdir = path.join(root, '.state', 'flags-bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'unleash-flag-service.mjs');
  await build({ entryPoints: [path.join(root, 'src/flags/unleash-flag-service.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile, logLevel: 'error' });
  return import(pathToFileURL(outfile).href);
}

const AREAS = ['checkout', 'search', 'payments', 'profile', 'feed', 'ads', 'mail', 'api', 'mobile', 'infra'];
const TYPES = ['release', 'experiment', 'operational', 'kill-switch', 'permission'];
const seedFlags = () => Array.from({ length: 300 }, (_, k) => {
  const i = k + 1;
  const audience = i % 4 === 0 ? { rollout: i % 8 === 0 ? 50 : 25 } : i % 10 === 3 ? { group: 'staff' } : i % 20 === 7 ? { dark: true } : {};
  return { name: `${AREAS[i % 10]}.bench-${String(i).padStart(3, '0')}`, type: TYPES[i % 5], description: `Bench flag #${i}`, tags: [AREAS[i % 10]],
    environments: { development: { enabled: i % 3 !== 0, ...audience }, production: { enabled: i % 2 === 0, ...audience } } };
});

async function main() {
  const { createUnleashFlagService } = await loadAdapter();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-flags-bench-'));
  const [port, pgPort] = await freePorts(2);
  const token = `*:*.flags-bench-${process.pid}`;
  const env = { ...process.env, UNLEASH_STATE_DIR: stateDir, UNLEASH_PORT: String(port), UNLEASH_PG_PORT: String(pgPort), UNLEASH_ADMIN_TOKEN: token, UNLEASH_WATCH_PID: String(process.pid), UNLEASH_WATCH_CLEANUP: '1' };
  const sh = (command, extra = {}) => promisify(execFile)('bash', [script, command], { env: { ...env, ...extra }, timeout: 180_000 }).then((r) => r.stdout.trim());
  const url = `http://127.0.0.1:${port}`;
  try {
    log(await sh('start'));
    const seedFile = path.join(stateDir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seedFlags()));
    log(await sh('seed', { UNLEASH_SEED_FILE: seedFile }));

    const definition = { id: 'bench', kind: 'flags', type: 'unleash', url, tokenSecret: 'unleash.token', project: 'default' };
    const adapter = () => createUnleashFlagService(definition, { reveal: () => token }, { timeoutMs: 10_000 });
    const signal = () => AbortSignal.timeout(60_000);

    // ── List load time ──
    const cold = [], warm = [];
    for (let r = 0; r < ROUNDS; r++) {
      const flags = adapter();
      let t = performance.now();
      const listed = await flags.list(signal());
      cold.push(performance.now() - t);
      if (listed.length !== 300) throw new Error(`listed ${listed.length} flags, not 300`);
      t = performance.now();
      await flags.list(signal());
      warm.push(performance.now() - t);
    }

    // ── Flip round trip: adapter vs raw, interleaved, the same flag flipped back and forth ──
    const key = `${AREAS[5]}.bench-005`;
    const envPath = `/api/admin/projects/default/features/${key}/environments/production`;
    const headers = { Authorization: token, 'Content-Type': 'application/json' };
    const raw = async (enabled) => {
      const before = await (await fetch(url + envPath, { headers })).json();
      if (typeof before.enabled !== 'boolean') throw new Error('raw re-read failed');
      const write = await fetch(`${url}${envPath}/${enabled ? 'on' : 'off'}`, { method: 'POST', headers });
      await write.arrayBuffer();
      const after = await (await fetch(url + envPath, { headers })).json();
      if (after.enabled !== enabled) throw new Error('raw flip not confirmed');
    };
    const flags = adapter();
    await flags.list(signal());
    let state = (await flags.read(key, signal())).environments.find((e) => e.name === 'production');
    const setting = (s) => ({ enabled: s.enabled, audience: s.audience, rolloutPercent: s.rolloutPercent });
    const viaAdapter = async () => {
      const to = { ...setting(state), enabled: !state.enabled };
      const flag = await flags.write({ key, environment: 'production', expected: setting(state), to }, signal());
      state = flag.environments.find((e) => e.name === 'production');
      if (state.enabled !== to.enabled) throw new Error('adapter flip not confirmed');
    };
    // Warm both paths once (connections, Unleash's caches), then measure.
    await viaAdapter(); await raw(!state.enabled); state = (await flags.read(key, signal())).environments.find((e) => e.name === 'production');
    // Each round, each path flips there and back (one on, one off: Unleash's on costs more than
    // its off), and the paths take turns going first.
    const adapterTimes = [], rawTimes = [];
    const timed = async (times, work) => { const t = performance.now(); await work(); times.push(performance.now() - t); };
    const adapterPair = async () => { await timed(adapterTimes, viaAdapter); await timed(adapterTimes, viaAdapter); };
    const rawPair = async () => {
      await timed(rawTimes, () => raw(!state.enabled));
      state = { ...state, enabled: !state.enabled };
      await timed(rawTimes, () => raw(!state.enabled));
      state = { ...state, enabled: !state.enabled };
    };
    for (let i = 0; i < FLIPS / 2; i++) {
      if (i % 2 === 0) { await adapterPair(); await rawPair(); } else { await rawPair(); await adapterPair(); }
    }
    const ratio = median(adapterTimes) / median(rawTimes);
    console.log('flags backend bench (real Unleash 8.2.0, 300 flags)');
    console.log(`  list, first load (flags + strategies + events), median of ${ROUNDS}: ${ms(median(cold))}`);
    console.log(`  list, unchanged poll (304s), median of ${ROUNDS}: ${ms(median(warm))}`);
    console.log(`  flip round trip to confirmed state, adapter, median of ${FLIPS}: ${ms(median(adapterTimes))}`);
    console.log(`  same raw HTTP sequence (re-read, write, read back), median of ${FLIPS}: ${ms(median(rawTimes))}`);
    console.log(`  ratio adapter / raw: ${ratio.toFixed(2)} (goal <= ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? 'MET' : 'NOT MET'}`);
    process.exitCode = ratio <= GOAL_RATIO ? 0 : 1;
  } finally {
    await sh('stop').then(log, (error) => log(`stop failed: ${error.message}`));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
