// What a user's filter pattern costs, issue [G] item 2, on the spike's log mix (logs-gen.mjs):
//  1. the pathological pattern, (.+)+\x01, and other catastrophic shapes answered by
//     logs.query's scan over a 100k-line ring (goal <= 100 ms), with the longest the scan held
//     the event loop between two turns (what another request waits at most);
//  2. the two engines on ordinary patterns, lines/s over the ring's decoded texts: V8 (the
//     core's fast path) and RE2 (re2js: the viewer's engine, and the core's for what V8 cannot
//     bound), so a later ingest goal of 2 M lines/s can be judged against the filter's share.
//  3. what was set aside: V8's own rescue (--enable-experimental-regexp-engine-on-excessive-backtracks),
//     in a child process with that flag, on the same lines.
// Ingest with an ordinary filter (goal >= 1 M lines/s) stays in logs-pipeline-bench.mjs.
//   node test/bench/logs-patterns-bench.mjs [runs=5]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { fmt, loadLogModules, log as logger, median, mixFile } from './logs-bench-support.mjs';

const log = logger('logs-patterns-bench');
const RING = 100_000;
const GOAL_MS = 100;
/** The pattern carries the goal; the others are the classic catastrophic shapes, for comparison. */
const PATHOLOGICAL = ['(.+)+\\x01', '(x+x+)+y', '^(\\w+\\s?)*$', '.*a.*b.*c.*d.*e.*\\x01', '(a|a)*b', '(.*){12}\\x01'];
const ORDINARY = [
  ['timeout|failed|exhausted', 'regex'],
  ['connection pool', 'substring'],
  ['status=5\\d\\d| 5\\d\\d ', 'regex'],
  ['error.*timeout', 'regex'],
  ['trace_id=[0-9a-f]{16}', 'regex'],
  ['GET .*/api/.* 500', 'regex'],
];

/** One logs.query as the handler runs it: the filter compiled, then the newest 5,000 matches of the ring, in slices. */
async function query({ rowMatcher, newestLines }, ring, text, mode = 'regex') {
  let longestTurnMs = 0;
  let last = performance.now();
  let scanning = true;
  // A probe that runs whenever the scan lets the event loop turn: the gaps are what other requests wait.
  const probe = (async () => {
    while (scanning) {
      await nextTurn();
      const now = performance.now();
      longestTurnMs = Math.max(longestTurnMs, now - last);
      last = now;
    }
  })();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await newestLines([{ sourceId: 'bench', ring }], rowMatcher({ text, mode, caseSensitive: false, levels: [] }), null, 5_000);
  const ms = performance.now() - start;
  const { user, system } = process.cpuUsage(cpu);
  scanning = false;
  await probe;
  return { ms, cpuMs: (user + system) / 1000, longestTurnMs, scanned: result.scanned, matched: result.matched };
}

/** Lines per second of CPU time of one engine over the texts, median of `runs` (CPU time: the machine is shared). */
function rate(test, texts, runs) {
  const samples = Array.from({ length: runs }, () => {
    const start = process.cpuUsage();
    let found = 0;
    for (const text of texts) if (test(text)) found++;
    const { user, system } = process.cpuUsage(start);
    return { ms: (user + system) / 1000, found };
  });
  return { perSecond: texts.length / median(samples.map((s) => s.ms)) / 1000, found: samples[0].found };
}

/**
 * In a child started with V8's rescue flag: (.+)+\x01 as the core would spell it (case by classes:
 * the rescue refuses the i flag) on the first 2,000 lines of the mix, and .*a.*b.*c\x01 on one
 * 2,000-character line. Prints µs per line.
 */
function v8RescueChild(file) {
  const lines = readFileSync(file, 'latin1').split('\n', 2_000);
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  // The patterns are the user's, control character escape included.
  // eslint-disable-next-line no-control-regex
  const pathological = new RegExp('(?:.+)+\\x01');
  let start = cpuMs();
  for (const line of lines) pathological.test(line);
  const perLine = ((cpuMs() - start) * 1000) / lines.length;
  start = cpuMs();
  // eslint-disable-next-line no-control-regex
  new RegExp('.*a.*b.*c\\x01').test('a'.repeat(2_000));
  process.stdout.write(JSON.stringify({ perLineUs: perLine, longLineMs: cpuMs() - start }));
}

function v8Rescue(file) {
  const child = spawnSync(process.execPath, ['--enable-experimental-regexp-engine-on-excessive-backtracks', fileURLToPath(import.meta.url), '--v8-rescue-child', file], { encoding: 'utf8' });
  return child.status === 0 ? JSON.parse(child.stdout) : null;
}

async function main() {
  if (process.argv[2] === '--v8-rescue-child') return v8RescueChild(process.argv[3]);
  const runs = Number(process.argv[2] ?? 5);
  const modules = await loadLogModules();
  const { file } = mixFile(1_000_000);
  const pipeline = new modules.SourcePipeline(RING);
  // The first 100k lines of the mix (about 14 MB), as a tail would have ingested them.
  const bytes = readFileSync(file).subarray(0, 20_000_000);
  pipeline.ingest(bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1));
  const { ring } = pipeline;
  log(`${ring.size.toLocaleString('en')} lines in the ring; ${runs} runs each`);
  await query(modules, ring, 'warm-up');

  console.log(`\nlogs patterns bench: logs.query's scan over a ${ring.size.toLocaleString('en')}-line ring of the spike's mix, median of ${runs}`);
  console.log(`  (load average ${fmt(os.loadavg()[0], 1)} on ${os.availableParallelism()} cores: where it is above the cores, wall time is the machine's, CPU time the scan's)`);
  let met = true;
  for (const [i, text] of PATHOLOGICAL.entries()) {
    const samples = [];
    for (let run = 0; run < runs; run++) samples.push(await query(modules, ring, text));
    const ms = median(samples.map((s) => s.ms));
    const cpuMs = median(samples.map((s) => s.cpuMs));
    const turn = median(samples.map((s) => s.longestTurnMs));
    const goal = i === 0 ? ` goal <= ${GOAL_MS} ms: ${ms <= GOAL_MS ? 'met' : 'NOT met'};` : '';
    if (i === 0) met = ms <= GOAL_MS;
    console.log(`  /${text}/i`.padEnd(30) + `${fmt(ms, 1)} ms wall, ${fmt(cpuMs, 1)} ms CPU;${goal} matched ${samples[0].matched}; longest hold of the event loop ${fmt(turn, 1)} ms`);
  }

  const texts = [];
  for (let seq = ring.oldestSeq; seq < ring.nextSeq; seq++) texts.push(ring.text(seq));
  console.log(`\n  engines on ordinary patterns, case-insensitive, over the ring's ${texts.length.toLocaleString('en')} decoded lines (M lines per CPU second):`);
  console.log(`  ${'pattern'.padEnd(30)}${'core'.padEnd(10)}${'RE2 (re2js)'.padEnd(14)}core / RE2   the core's V8 takes lines up to`);
  for (const [text, mode] of ORDINARY) {
    const compiled = modules.compileLogPattern(text, mode, false);
    if (!compiled.ok) throw new Error(compiled.error);
    const core = rate(modules.fastPatternEngine(compiled.pattern), texts, runs);
    const re2 = rate(compiled.pattern.test, texts, runs);
    if (core.found !== re2.found) throw new Error(`the engines disagree on ${text}: ${core.found} vs ${re2.found}`);
    const longest = modules.longestLineForV8(compiled.pattern.backtracking);
    const label = mode === 'regex' ? `/${text}/i` : `"${text}"`;
    const takes = longest === 0 ? 'no line (RE2 only)' : longest >= 65_536 ? 'any line' : `${longest.toLocaleString('en')} units`;
    console.log(`  ${label.padEnd(30)}${fmt(core.perSecond).padEnd(10)}${fmt(re2.perSecond).padEnd(14)}x${fmt(core.perSecond / re2.perSecond, 1).padEnd(12)}${takes}`);
  }
  const rescue = v8Rescue(file);
  console.log(rescue
    ? `\n  set aside: V8 with --enable-experimental-regexp-engine-on-excessive-backtracks: /(.+)+\\x01/ ${fmt(rescue.perLineUs, 0)} µs CPU a line (${fmt((rescue.perLineUs * ring.size) / 1000, 0)} ms for this ring); /.*a.*b.*c\\x01/ on one 2,000-character line ${fmt(rescue.longLineMs, 1)} ms CPU`
    : '\n  V8 rescue flag: the child failed');
  process.exitCode = met ? 0 : 1;
}

await main();
