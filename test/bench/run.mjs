// `npm run bench`: the transport microbenchmarks (Vitest bench), then the graphs benchmarks on a
// real graphite-web (which need the built app), and the rest below. Runs every one even if one fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');

const failures = [
  run(process.execPath, [vitest, 'bench', '--run', '--config', 'test/vitest.config.ts', '--project', 'bench']),
  // Cold draw as a ratio to graphite-web's PNGs (goal <= 0.8x), reload and restart drawn from last-known renders (goal <= 300 ms).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/graphs-bench.mjs', ...process.argv.slice(2)]),
  // The same 12 panels' renders without a page: graphite-web's JSON, graphs.render through the host, the PNGs (what the page adds).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/graphs-floor-bench.mjs']),
  // 48 panels against 12, cold (goal <= 4x), renders in flight bounded and the panels in view first.
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/graphs-size-bench.mjs']),
  // 1, 10 and 50 consoles on one graphite-web and Unleash: requests/s per backend per console, one render per panel per refresh, backoff, 304 polls.
  run(process.execPath, ['test/bench/consoles-bench.mjs']),
  // The SSH log source over a real private sshd, as a ratio to raw OpenSSH (goal >= 0.9x, floor 0.8x), with client and sshd CPU time.
  run(process.execPath, ['test/bench/ssh-bench.mjs']),
  // A fleet: 50 real sshds x 1,000 lines/s merged in Chromium, every session killed at once; and 3 hosts x 12 logs (0 lost, 0 refused).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/fleet-bench.mjs']),
  // The log pipeline: ingest lines/s step by step as the app runs it, with the filter (goal >= 2 M on a quiet machine), the rows checked, memory over 10 M lines (flat within 10 %), lnav for comparison.
  run(process.execPath, ['--expose-gc', 'test/bench/logs-pipeline-bench.mjs']),
  // User patterns: the (.+)+\x01 over a 100k-line ring (goal <= 100 ms), the event loop held at most one slice, V8 vs RE2 lines/s.
  run(process.execPath, ['test/bench/logs-patterns-bench.mjs']),
  // The journal: JSON entries into per-host rings in process, and through a real gatewayd as a ratio to a plain HTTP read (goal >= 0.8x).
  run(process.execPath, ['test/bench/journal-bench.mjs']),
  // Jump-to-time in a 1 GB log over a real nginx (goal <= 20 Range requests).
  run(process.execPath, ['test/bench/logs-jump-bench.mjs']),
  // The flag service on a real Unleash with 300 flags: list time, and a flip as a ratio to raw HTTP (goal <= 1.2).
  run(process.execPath, ['test/bench/flags-backend-bench.mjs']),
  // The switchboard's search in Chromium, per keystroke to the updated list: 300 and 3,000 flags (goal <= 50 ms), 10,000 (goal <= 16 ms).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/flags-search-bench.mjs']),
  // The log viewer in Chromium: 1,000 new lines drawn (goal <= 50 ms) and following 5k lines/s (goal >= 30 fps).
  run(process.execPath, ['test/bench/logs-viewer-bench.mjs']),
  // The incident drill from the spike to the flag off in production, mouse and keyboard (goal <= 10 s).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/incident-bench.mjs']),
  // The time cursor: a click on a graph to every view at that moment, 12 panels and 100k log lines loaded (goal <= 100 ms).
  run(process.execPath, ['main/build.mjs', '--if-stale']) || run(process.execPath, ['test/bench/cursor-bench.mjs']),
].filter((status) => status !== 0).length;
process.exit(failures ? 1 : 0);
