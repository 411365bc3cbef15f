// ssh-bench.mjs [LINES] [RUNS] - the SSH log source end to end over a real sshd (Debian's
// OpenSSH, private, loopback) through the forced-command wrapper, as a ratio to raw OpenSSH on
// the same data: `ssh host 'tail -c +1 app.1' | wc -l`. Goal (issue [P]): >= 0.9x raw; issue
// [D]'s 0.8x is the floor a loaded machine must still meet.
// Ours = createSshLogSource().follow() from byte 0 to the last line, every chunk through the
// core's SourcePipeline (split, parse time and level, ring), on a pool of its own closed after
// each run. Both include the SSH login (ours also its `list`). Also shown: ssh2 counting bytes
// only, to separate transport from parsing, and the pipeline alone in memory. Medians of RUNS.
// Wall time is the goal's; the machine is shared, so CPU time is printed beside it: the client's
// (our process; bash, ssh and wc for raw) and sshd's (sshd, the wrapper and tail on the host).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { cpuMsOf, cpuTicks, msPerTick, startPrivateSshd } from '../integration/backends/sshd-private.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LINES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 7);
const GOAL = 0.9;
const FLOOR = 0.8;

// The TypeScript core, bundled once for this run (ssh2 stays a package: its native add-on loads from node_modules).
const cacheDir = path.join(root, 'node_modules/.cache/ops-bench');
mkdirSync(cacheDir, { recursive: true });
const entry = path.join(cacheDir, 'ssh-bench-entry.ts');
writeFileSync(
  entry,
  `export { createLogHostPool, createSshLogSource } from '${root}/src/logs/ssh/ssh-log-source';\n` +
    `export { SourcePipeline } from '${root}/src/logs/source-pipeline';\nexport { nativeCryptoProblem } from '${root}/src/logs/ssh/native-crypto';\n`,
);
const bundle = path.join(cacheDir, 'ssh-bench-core.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', external: ['ssh2'], outfile: bundle, logLevel: 'error' });
const { createLogHostPool, createSshLogSource, SourcePipeline, nativeCryptoProblem } = await import(pathToFileURL(bundle).href);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
/** This process's CPU time so far (ms), all its threads. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** CPU time (ms) of the children this process has reaped (raw's bash, and the ssh and wc it reaped). */
const reapedCpuMs = () => cpuTicks(process.pid).reaped * msPerTick();

const sshd = await startPrivateSshd();
try {
  const file = path.join(sshd.logs, 'app.log');
  const t0 = performance.now();
  execFileSync(process.execPath, [path.join(root, 'test/bench/logs-gen.mjs'), String(LINES), file]);
  // The same bytes under the rotated name, which the wrapper reads once and exits (for the raw pipe).
  execFileSync('ln', ['-f', file, `${file}.1`]);
  const size = statSync(file).size;
  console.log(`ssh-bench: ${LINES.toLocaleString('en')} lines, ${(size / 1e6).toFixed(0)} MB (logs-gen.mjs, made in ${ms(performance.now() - t0)}); sshd ${sshd.port}; load average ${loadAverage()} at the start`);
  const crypto = nativeCryptoProblem();
  if (crypto) console.log(`WARNING: ${crypto}`);

  /** Wall and CPU time of `work`, which resolves with what else it measured. */
  const measured = async (clientCpuMs, work) => {
    const [client, host, start] = [clientCpuMs(), cpuMsOf(sshd), performance.now()];
    const found = await work(start);
    return { wall: performance.now() - start, client: clientCpuMs() - client, sshd: cpuMsOf(sshd) - host, ...found };
  };

  const sshArgs = ['-p', String(sshd.port), '-i', sshd.clientKey, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${sshd.username}@127.0.0.1`];
  /** `command` through raw ssh, counting its lines with wc. */
  const rawLines = (command) =>
    new Promise((resolve) => {
      const pipe = spawn('bash', ['-c', 'ssh "$@" | wc -l', 'raw', ...sshArgs, command], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      pipe.stdout.on('data', (d) => (out += d));
      pipe.once('exit', () => resolve(Number(out.trim())));
    });
  const raw = () =>
    measured(reapedCpuMs, async () => {
      const count = await rawLines('tail -c +1 app.1');
      if (count !== LINES) throw new Error(`raw ssh counted ${count} lines, not ${LINES}`);
      return {};
    });
  /** Raw's fixed part alone: the ssh process, its login, and a command that returns at once. */
  const rawLogin = () => measured(reapedCpuMs, () => rawLines('list').then(() => ({})));

  const knownHosts = path.join(sshd.dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
  const definition = {
    kind: 'logs', type: 'ssh', id: 'bench', host: 'bench', service: 'bench', file: 'app', bufferLines: 100_000,
    address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key', keySecret: 'k' },
  };
  const key = readFileSync(sshd.clientKey, 'utf8');
  const secrets = { reveal: () => key };
  /** Our source from byte 0 until the whole file arrived; `parse`: through the pipeline, else bytes only. */
  const ours = async (parse) => {
    const pool = createLogHostPool(secrets, { knownHostsFile: knownHosts, userKnownHostsFiles: [] });
    try {
      return await measured(ownCpuMs, (start) => new Promise((resolve, reject) => {
        const source = createSshLogSource(definition, secrets, { pool, initialBytes: size + 1 });
        const pipeline = new SourcePipeline(100_000);
        let bytes = 0;
        let firstLine = 0;
        const stop = source.follow({
          onLines(chunk) {
            firstLine ||= performance.now() - start;
            bytes += chunk.length;
            if (parse) pipeline.ingest(chunk);
            if (bytes < size) return;
            stop();
            if (parse && pipeline.ring.nextSeq !== LINES) reject(new Error(`the pipeline stored ${pipeline.ring.nextSeq} lines, not ${LINES}`));
            else resolve({ firstLine });
          },
          onGap: (gap) => reject(new Error(`gap: ${gap.reason}`)),
          onStatus: (status) => status.state.startsWith('host-key') && reject(new Error(status.message)),
          onError: (error) => reject(error),
        });
      }));
    } finally {
      pool.close(); // its sshd session ends: nothing of this run lingers into the next one's figures
    }
  };

  // The pipeline alone on the same bytes in memory, in 32 KiB whole-line chunks like the SSH packets.
  const inMemory = () => {
    const data = readFileSync(file);
    const pipeline = new SourcePipeline(100_000);
    const [start, cpu] = [performance.now(), ownCpuMs()];
    for (let at = 0; at < data.length; ) {
      const end = Math.min(data.length, data.lastIndexOf(0x0a, at + 32_768) + 1 || data.length);
      pipeline.ingest(data.subarray(at, end > at ? end : data.length));
      at = end > at ? end : data.length;
    }
    return { wall: performance.now() - start, client: ownCpuMs() - cpu, sshd: 0 };
  };

  const runs = { raw: [], login: [], pipeline: [], bytes: [], memory: [] };
  await raw(); // warm the page cache and sshd
  for (let run = 0; run < RUNS; run++) {
    runs.raw.push(await raw());
    runs.login.push(await rawLogin());
    runs.pipeline.push(await ours(true));
    runs.bytes.push(await ours(false));
    runs.memory.push(inMemory());
  }
  const wall = (name) => median(runs[name].map((r) => r.wall));
  const row = (label, name, note = '') => {
    const cpu = `${ms(median(runs[name].map((r) => r.client))).padStart(11)} ${(name === 'memory' ? '' : ms(median(runs[name].map((r) => r.sshd)))).padStart(7)}`;
    console.log(`  ${label.padEnd(36)}${ms(wall(name)).padStart(8)}  ${cpu}  ${note}runs ${runs[name].map((r) => ms(r.wall)).join(', ')}`);
  };
  const lines = (name) => `${(LINES / wall(name) / 1000).toFixed(2)} M lines/s; `;
  console.log(`  ${`medians of ${RUNS} runs`.padEnd(36)}${'wall'.padStart(8)}  ${'CPU: client'.padStart(11)} ${'sshd'.padStart(7)}`);
  row('raw OpenSSH | wc -l', 'raw', lines('raw'));
  row('ssh2 + SourcePipeline (ours)', 'pipeline', `${lines('pipeline')}first line after ${ms(median(runs.pipeline.map((r) => r.firstLine)))}; `);
  row('raw OpenSSH, login + `list` only', 'login');
  row('ssh2, counting bytes only', 'bytes');
  row('SourcePipeline alone, in memory', 'memory', lines('memory'));
  console.log(`  load average ${loadAverage()} at the end, on ${os.cpus().length} cores (a busy machine slows the single-threaded side most)`);
  const ratio = wall('raw') / wall('pipeline');
  const paired = median(runs.raw.map((r, i) => r.wall / runs.pipeline[i].wall));
  console.log(
    `  ratio ours / raw (speed): ${ratio.toFixed(2)}x (run by run: median ${paired.toFixed(2)}x); ` +
      `goal >= ${GOAL}x ${ratio >= GOAL ? 'MET' : 'NOT MET'}, floor >= ${FLOOR}x ${ratio >= FLOOR ? 'met' : 'NOT met'}`,
  );
  // Not the goal's measure, which counts the login as a user waits for it: what follows the login.
  const firstLine = median(runs.pipeline.map((r) => r.firstLine));
  console.log(`  after the login (raw: its wall less its login + list; ours: less its first line): raw ${ms(wall('raw') - wall('login'))}, ours ${ms(wall('pipeline') - firstLine)}, ${((wall('raw') - wall('login')) / (wall('pipeline') - firstLine)).toFixed(2)}x`);
  process.exitCode = ratio >= FLOOR ? 0 : 1;
} finally {
  await sshd.stop();
  rmSync(sshd.dir, { recursive: true, force: true });
}
