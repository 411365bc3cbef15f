// The log pipeline bench of issues [D] and [P], method as in shared/notes/logs-performance.md:
//  1. ingest of the 1 M-line mix, fed as 64 KiB whole-line chunks like a socket delivers them,
//     step by step as the app runs it (median of RUNS, the steps' runs interleaved):
//       - the core's ingest: split + parse (time, level) + ring;
//       - + each new row as a LogLine, once per chunk: what the core hands the viewer for a live
//         tail (LiveBackends sends every new row of every followed source as `logs.lines`);
//       - + that event as JSON, as browser mode sends it to each window (Electron clones it instead);
//       - + the viewer's filter on each line (RE2, in the renderer: the core never filters live lines);
//       - ingest + the core's filter on each new row (its engine: V8 where bounded, else RE2): what a
//         logs.query or logs.volume scan pays per row, and the issue's "ingest with a regex filter";
//     every row's time, level and text checked against a recorded digest (same rows, only faster);
//  2. memory over 10 M lines through a 100k-line ring, in a fresh process: heap and RSS at 1 M
//     and 10 M lines (goal: flat within 10 %);
//  3. lnav (Debian) loading and indexing the same file, for comparison.
// Wall-clock figures are the goals'; the machine is shared, so CPU time is printed beside them,
// and `--instructions` counts the instructions each step executes under valgrind (repeatable
// under any load; a few minutes). `--profile[=step]` prints where a step's CPU time goes.
//   node --expose-gc test/bench/logs-pipeline-bench.mjs [runs=7] [--instructions] [--profile[=live]]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import { fmt, loadLogModules, log as logger, median, mixFile } from './logs-bench-support.mjs';

const log = logger('logs-pipeline-bench');
const LINES = 1_000_000;
const RING = 100_000;
const FILTER = { text: 'timeout|failed|exhausted', mode: 'regex', caseSensitive: false, levels: [] };
/** The mix of 2026 read on 1 February 2026, so the rows, syslog's year included, are the same in any year. */
const YEAR = 2026;
const NOW = Date.UTC(YEAR, 1, 1);
/** sha256 of every row's time, level, text and cut length, in order: the rows the pipeline gave when this bench was written. */
const ROWS_DIGEST = '8ce4f352f00624b24adabaa65236214ac7ba804d7866385c4e6d03c4952ed0a5';
/** M lines/s: issue [P]'s goal on a quiet machine, and issue [D]'s, which a loaded one must still meet. */
const GOAL = 2;
const FLOOR = 1;

/** The file as a socket would hand it on: fresh Buffers of about 64 KiB, each ending at a newline. */
function* chunksOf(bytes) {
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.lastIndexOf(0x0a, Math.min(bytes.length, start + 65_536) - 1) + 1;
    yield Buffer.from(bytes.subarray(start, end));
    start = end;
  }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The steps: what each does with a chunk's new rows once it is ingested (`from` is the first of
 * them). A live tail sends the rows of one turn of the event loop at once: here, of one chunk.
 */
function steps({ rowMatcher, compileLogFilter }) {
  const coreFilter = rowMatcher(FILTER);
  const viewerFilter = compileLogFilter(FILTER);
  const newLines = (ring, from) => ring.lines(from, ring.nextSeq, 'bench');
  const sent = (ring, from) => {
    const lines = newLines(ring, from);
    return { lines, json: JSON.stringify({ name: 'logs.lines', payload: { sourceId: 'bench', lines } }) };
  };
  return {
    ingest: { label: 'the core: split + parse + ring', after: () => 0 },
    live: { label: '+ each new row as a LogLine (logs.lines)', after: (ring, from) => newLines(ring, from).length },
    json: { label: '+ that event as JSON (browser mode)', after: (ring, from) => sent(ring, from).json.length },
    viewer: {
      label: '+ the viewer\'s filter on each line (RE2)',
      after: (ring, from) => sent(ring, from).lines.filter((line) => line.gap !== null || viewerFilter.matches(line.text, line.level)).length,
    },
    filtered: {
      label: 'the core: ingest + its filter on each new row',
      after: (ring, from) => {
        let matched = 0;
        for (let seq = from; seq < ring.nextSeq; seq++) if (coreFilter(ring, seq)) matched++;
        return matched;
      },
    },
  };
}

/** One run of a step: every chunk through the pipeline into a ring, then the step's work on its new rows. */
function run({ SourcePipeline }, chunks, step) {
  const pipeline = new SourcePipeline(RING, 0, () => NOW);
  let kept = 0;
  const wall = performance.now();
  const cpu = cpuMs();
  for (const chunk of chunks) {
    const from = pipeline.ring.nextSeq;
    pipeline.ingest(chunk);
    kept += step.after(pipeline.ring, from);
  }
  return { wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu, lines: pipeline.ring.nextSeq, kept };
}

/** sha256 over every row as the viewer gets it, in order; and how many there were. */
function rowsDigest({ SourcePipeline }, chunks) {
  const pipeline = new SourcePipeline(RING, 0, () => NOW);
  const hash = createHash('sha256');
  for (const chunk of chunks) {
    const from = pipeline.ring.nextSeq;
    pipeline.ingest(chunk);
    for (const line of pipeline.ring.lines(from, pipeline.ring.nextSeq, 'bench')) hash.update(`${line.at}\t${line.level}\t${line.truncatedFrom}\t${line.text}\n`);
  }
  return { digest: hash.digest('hex'), lines: pipeline.ring.nextSeq };
}

/** The file read as a socket delivers it: 64 KiB into a fresh Buffer each time, handed on up to its last newline. */
function* readChunks(file) {
  const fd = openSync(file, 'r');
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const fresh = Buffer.allocUnsafe(65_536);
      const read = readSync(fd, fresh, 0, fresh.length, null);
      if (read === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, fresh.subarray(0, read)]) : fresh.subarray(0, read);
      const end = data.lastIndexOf(0x0a) + 1;
      carry = Buffer.from(data.subarray(end));
      if (end > 0) yield data.subarray(0, end);
    }
  } finally {
    closeSync(fd);
  }
}

/** In its own process, so earlier runs' garbage does not count: 10 passes over the file. */
async function memoryChild(modules, file) {
  const pipeline = new modules.SourcePipeline(RING);
  const samples = {};
  for (let pass = 1; pass <= 10; pass++) {
    for (const chunk of readChunks(file)) pipeline.ingest(chunk);
    // Buffers are freed by V8's sweeper after a collection: let it finish before measuring.
    for (let i = 0; i < 3; i++) {
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
    samples[pass * LINES] = { rss, heapUsed, heapTotal, arrayBuffers, lines: pipeline.ring.nextSeq };
  }
  process.stdout.write(JSON.stringify(samples));
}

/** Under valgrind: a warm-up run of the step, then `runs` more; the parent subtracts a count with none. */
function countChild(modules, chunks, name, runs) {
  const step = steps(modules)[name];
  for (let i = 0; i <= runs; i++) run(modules, chunks, step);
}

/** Instructions per line of each step: two valgrind processes per step (0 and 2 runs after the warm-up), subtracted. */
function instructions(names) {
  const count = (name, runs) => {
    const child = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, fileURLToPath(import.meta.url), '--count-child', name, String(runs)], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const refs = /I\s+refs:\s+([\d,]+)/.exec(child.stderr ?? '')?.[1];
    if (child.error || child.status !== 0 || !refs) throw new Error(`valgrind: ${child.error?.message ?? child.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return Number(refs.replaceAll(',', ''));
  };
  return Object.fromEntries(names.map((name) => {
    log(`instructions: ${name} under valgrind (2 processes)`);
    return [name, (count(name, 2) - count(name, 0)) / 2 / LINES];
  }));
}

/** Self time per function over `runs` runs of a step, per 1 M lines: where the CPU time goes. */
async function profile(modules, chunks, name, runs) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpu = cpuMs();
  for (let i = 0; i < runs; i++) run(modules, chunks, steps(modules)[name]);
  const spent = (cpuMs() - cpu) / runs;
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const sampled = new Map();
  p.samples.forEach((node, i) => sampled.set(node, (sampled.get(node) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000 / runs));
  const self = new Map();
  for (const node of p.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'} ${url.split('/').at(-1)}${url ? `:${lineNumber + 1}` : ''}`;
    self.set(where, (self.get(where) ?? 0) + (sampled.get(node.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`\n  where ${name}'s CPU time goes, per 1 M lines (V8 sampling profiler, ${runs} runs; ${fmt(spent, 0)} ms CPU with the profiler on):`);
  for (const [where, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`    ${fmt(ms, 1).padStart(7)} ms  ${fmt((100 * ms) / total, 1).padStart(5)} %  ${where}`);
}

function lnav(file) {
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; time lnav -n -c ';SELECT count(*) AS n FROM all_logs' "$0"`, file], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return { error: (run.error?.message ?? run.stderr).trim() };
  const [real, user, sys] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  const count = Number(/^\s*(\d+)\s*$/m.exec(run.stdout)?.[1]);
  return { wallMs: real * 1000, cpuMs: (user + sys) * 1000, count };
}

async function main() {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
  const { file } = mixFile(LINES, YEAR);
  const modules = await loadLogModules();
  if (args[0] === '--memory-child') return memoryChild(modules, file);
  const bytes = readFileSync(file);
  const chunks = [...chunksOf(bytes)];
  if (args[0] === '--count-child') return countChild(modules, chunks, args[1], Number(args[2]));

  log(`${LINES.toLocaleString('en')} lines, ${fmt(bytes.length / 1e6, 1)} MB, ${chunks.length} chunks; ${runs} runs of each step`);
  const rows = rowsDigest(modules, chunks);
  const all = steps(modules);
  for (const step of Object.values(all)) run(modules, chunks, step); // warm-up: the JIT's first pass is not what a running app sees
  const samples = Object.fromEntries(Object.keys(all).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, step] of Object.entries(all)) samples[name].push(run(modules, chunks, step));
  const cpuOf = (name) => median(samples[name].map((s) => s.cpuMs));
  const wallRate = (name) => LINES / median(samples[name].map((s) => s.wallMs)) / 1000;
  const load = os.loadavg()[0];
  const counted = args.includes('--instructions') ? instructions(Object.keys(all)) : null;
  const profiled = args.find((a) => a.startsWith('--profile'));

  log('memory: 10 M lines through a 100k ring, in a fresh process (then again with V8\'s young generation capped)');
  const memoryRun = (...flags) => {
    const child = spawnSync(process.execPath, ['--expose-gc', ...flags, fileURLToPath(import.meta.url), '--memory-child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    return { child, memory: child.status === 0 ? JSON.parse(child.stdout) : null };
  };
  const { child, memory } = memoryRun();
  // RSS also counts the young generation, which V8 grows (up to 16 MiB semi-spaces) while the
  // allocation rate stays high: capped, it shows what RSS the pipeline itself needs.
  const capped = memoryRun('--max-semi-space-size=2').memory;

  log('lnav on the same file (3 runs)');
  const lnavRuns = [1, 2, 3].map(() => lnav(file));
  const lnavOk = lnavRuns.every((r) => !r.error && r.count === LINES);

  const mb = (n) => `${fmt(n / 2 ** 20, 1)} MiB`;
  const rowsOk = rows.digest === ROWS_DIGEST && rows.lines === LINES;
  console.log(`\nlogs pipeline bench: ${LINES.toLocaleString('en')} lines (${fmt(bytes.length / 1e6, 1)} MB, the spike's mix of ${YEAR}), ${RING.toLocaleString('en')}-line ring, ${chunks.length} chunks, median of ${runs}`);
  console.log(`  (load average ${fmt(load, 1)} on ${os.availableParallelism()} cores: where it is above the cores, wall time is the machine's; CPU time${counted ? ' and instructions' : ''}, the pipeline's)`);
  console.log(`  rows: every row's time, level and text ${rowsOk ? 'as recorded' : `DIFFER from the recorded rows (sha256 ${rows.digest}, ${rows.lines} rows)`}`);
  const header = `  ${'step (cumulative)'.padEnd(50)}${'CPU ms'.padStart(8)}${'M/s CPU'.padStart(9)}${'M/s wall'.padStart(10)}${counted ? 'instr./line'.padStart(13) : ''}`;
  console.log(`\n  what the app does with each line of a live tail, per ${LINES.toLocaleString('en')} lines:\n${header}`);
  const line = (name) => {
    const count = counted ? fmt(counted[name], 0).padStart(13) : '';
    console.log(`  ${all[name].label.padEnd(50)}${fmt(cpuOf(name), 0).padStart(8)}${fmt(LINES / cpuOf(name) / 1000).padStart(9)}${fmt(wallRate(name)).padStart(10)}${count}`);
  };
  for (const name of ['ingest', 'live', 'json', 'viewer']) line(name);
  console.log(`  (the viewer's filter runs in the renderer's process: ${fmt(cpuOf('viewer') - cpuOf('json'), 0)} ms CPU there; matched ${samples.viewer[0].kept.toLocaleString('en')} lines)`);
  console.log(`\n  the core's filter (/${FILTER.text}/i) on each row, as logs.query and logs.volume scan the ring:\n${header}`);
  line('filtered');
  const ours = wallRate('filtered');
  console.log(`  ingest with the filter: ${fmt(ours)} M lines/s wall, ${fmt(LINES / cpuOf('filtered') / 1000)} CPU; goal >= ${fmt(GOAL)} M/s on a quiet machine: ${ours >= GOAL ? 'met' : 'NOT met'} (ratio ${fmt(ours / GOAL)}), >= ${fmt(FLOOR)} on any: ${ours >= FLOOR ? 'met' : 'NOT met'}; matched ${samples.filtered[0].kept.toLocaleString('en')} lines`);
  let memoryOk = false;
  if (memory) {
    const [one, ten] = [memory[LINES], memory[10 * LINES]];
    const held = (sample) => sample.heapUsed + sample.arrayBuffers;
    const later = Object.values(memory).slice(1).map((sample) => sample.rss);
    memoryOk = held(ten) / held(one) <= 1.1;
    const rssOk = ten.rss / one.rss <= 1.1;
    console.log(`\n  memory at 1 M lines:  heap ${mb(one.heapUsed)}, buffers ${mb(one.arrayBuffers)}, RSS ${mb(one.rss)}`);
    console.log(`  memory at 10 M lines: heap ${mb(ten.heapUsed)}, buffers ${mb(ten.arrayBuffers)}, RSS ${mb(ten.rss)}`);
    console.log(`    goal flat within 10 %: held by the pipeline (heap + buffers) x${fmt(held(ten) / held(one))}: ${memoryOk ? 'met' : 'NOT met'}; RSS x${fmt(ten.rss / one.rss)}: ${rssOk ? 'met' : 'NOT met'} (RSS from 2 M to 10 M lines: ${mb(Math.min(...later))} to ${mb(Math.max(...later))})`);
    if (capped) {
      const [cappedOne, cappedTen] = [capped[LINES], capped[10 * LINES]];
      console.log(`    with --max-semi-space-size=2 (V8's young generation capped): RSS ${mb(cappedOne.rss)} -> ${mb(cappedTen.rss)}, x${fmt(cappedTen.rss / cappedOne.rss)}`);
    }
  } else {
    console.log(`  memory: the child failed: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
  }
  if (lnavOk) {
    const lnavWall = LINES / median(lnavRuns.map((r) => r.wallMs)) / 1000;
    const lnavCpu = LINES / median(lnavRuns.map((r) => r.cpuMs)) / 1000;
    console.log(`  lnav (load + index, SELECT count(*) FROM all_logs)     ${fmt(lnavWall)} M lines/s wall, ${fmt(lnavCpu)} M lines/s CPU   ours (ingest with the filter) / lnav: x${fmt(ours / lnavWall)} wall, x${fmt(LINES / cpuOf('filtered') / 1000 / lnavCpu)} CPU`);
  } else {
    console.log(`  lnav: could not run (${lnavRuns.find((r) => r.error)?.error ?? `counted ${lnavRuns[0].count}`}); install it: apt-get install -y lnav`);
  }
  if (profiled) await profile(modules, chunks, profiled.split('=')[1] ?? 'live', runs);
  // Issue [P]'s wall-clock goal is for a quiet machine: a loaded one fails the run only below issue [D]'s.
  process.exitCode = rowsOk && ours >= FLOOR && memoryOk && lnavOk ? 0 : 1;
}

await main();
