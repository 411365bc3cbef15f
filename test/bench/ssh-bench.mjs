// ssh-bench.mjs [LINES] [RUNS] - the SSH log source end to end over a real sshd (Debian's
// OpenSSH, private, loopback) through the forced-command wrapper, as a ratio to raw OpenSSH on
// the same data: `ssh host 'tail -c +1 app.1' | wc -l`. Goal (issue [D]): >= 0.8x raw.
// Ours = createSshLogSource().follow() from byte 0 to the last line, every chunk through the
// core's SourcePipeline (split, parse time and level, ring). Both include the SSH handshake.
// Also shown: ssh2 counting bytes only, to separate transport from parsing. Medians of RUNS.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { startPrivateSshd } from '../integration/backends/sshd-private.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LINES = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 5);
const GOAL = 0.8;

// The TypeScript core, bundled once for this run (ssh2 stays a package: its native add-on loads from node_modules).
const cacheDir = path.join(root, 'node_modules/.cache/ops-bench');
mkdirSync(cacheDir, { recursive: true });
const entry = path.join(cacheDir, 'ssh-bench-entry.ts');
writeFileSync(entry, `export { createSshLogSource } from '${root}/src/logs/ssh/ssh-log-source';\nexport { SourcePipeline } from '${root}/src/logs/source-pipeline';\nexport { nativeCryptoProblem } from '${root}/src/logs/ssh/native-crypto';\n`);
const bundle = path.join(cacheDir, 'ssh-bench-core.mjs');
await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', external: ['ssh2'], outfile: bundle, logLevel: 'error' });
const { createSshLogSource, SourcePipeline, nativeCryptoProblem } = await import(pathToFileURL(bundle).href);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${value.toFixed(0)} ms`;

const sshd = await startPrivateSshd();
try {
  const file = path.join(sshd.logs, 'app.log');
  const t0 = performance.now();
  execFileSync(process.execPath, [path.join(root, 'test/bench/logs-gen.mjs'), String(LINES), file]);
  // The same bytes under the rotated name, which the wrapper reads once and exits (for the raw pipe).
  execFileSync('ln', ['-f', file, `${file}.1`]);
  const size = statSync(file).size;
  console.log(`ssh-bench: ${LINES.toLocaleString('en')} lines, ${(size / 1e6).toFixed(0)} MB (logs-gen.mjs, made in ${ms(performance.now() - t0)}); sshd ${sshd.port}`);
  const crypto = nativeCryptoProblem();
  if (crypto) console.log(`WARNING: ${crypto}`);

  const sshArgs = ['-p', String(sshd.port), '-i', sshd.clientKey, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${sshd.username}@127.0.0.1`];
  const raw = () =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      const pipe = spawn('bash', ['-c', 'ssh "$@" "tail -c +1 app.1" | wc -l', 'raw', ...sshArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      pipe.stdout.on('data', (d) => (out += d));
      pipe.once('exit', () => (Number(out.trim()) === LINES ? resolve(performance.now() - start) : reject(new Error(`raw ssh counted ${out.trim()} lines, not ${LINES}`))));
    });

  const knownHosts = path.join(sshd.dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
  const definition = {
    kind: 'logs', type: 'ssh', id: 'bench', host: 'bench', service: 'bench', file: 'app', bufferLines: 100_000,
    address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key', keySecret: 'k' },
  };
  const key = readFileSync(sshd.clientKey, 'utf8');
  /** Our source from byte 0 until the whole file arrived; `parse`: through the pipeline, else bytes only. */
  const ours = (parse) =>
    new Promise((resolve, reject) => {
      const source = createSshLogSource(definition, { reveal: () => key }, { knownHostsFile: knownHosts, userKnownHostsFiles: [], initialBytes: size + 1 });
      const pipeline = new SourcePipeline(100_000);
      let bytes = 0;
      const start = performance.now();
      const stop = source.follow({
        onLines(chunk) {
          bytes += chunk.length;
          if (parse) pipeline.ingest(chunk);
          if (bytes >= size) {
            const elapsed = performance.now() - start;
            stop();
            if (parse && pipeline.ring.nextSeq !== LINES) reject(new Error(`the pipeline stored ${pipeline.ring.nextSeq} lines, not ${LINES}`));
            else resolve(elapsed);
          }
        },
        onGap: (gap) => reject(new Error(`gap: ${gap.reason}`)),
        onStatus: (status) => status.state.startsWith('host-key') && reject(new Error(status.message)),
        onError: (error) => reject(error),
      });
    });

  // The pipeline alone on the same bytes in memory, in 32 KiB whole-line chunks like the SSH packets.
  const inMemory = () => {
    const data = readFileSync(file);
    const pipeline = new SourcePipeline(100_000);
    const start = performance.now();
    for (let at = 0; at < data.length; ) {
      const end = Math.min(data.length, data.lastIndexOf(0x0a, at + 32_768) + 1 || data.length);
      pipeline.ingest(data.subarray(at, end > at ? end : data.length));
      at = end > at ? end : data.length;
    }
    return performance.now() - start;
  };

  const times = { raw: [], pipeline: [], bytes: [], memory: [] };
  await raw(); // warm the page cache and sshd
  for (let run = 0; run < RUNS; run++) {
    times.raw.push(await raw());
    times.pipeline.push(await ours(true));
    times.bytes.push(await ours(false));
    times.memory.push(inMemory());
  }
  const rawMs = median(times.raw);
  const pipelineMs = median(times.pipeline);
  const bytesMs = median(times.bytes);
  const ratio = rawMs / pipelineMs;
  console.log(`  raw OpenSSH | wc -l                 median ${ms(rawMs)}  (${(LINES / rawMs / 1000).toFixed(2)} M lines/s)  runs ${times.raw.map(ms).join(', ')}`);
  console.log(`  ssh2 + SourcePipeline (ours)         median ${ms(pipelineMs)}  (${(LINES / pipelineMs / 1000).toFixed(2)} M lines/s)  runs ${times.pipeline.map(ms).join(', ')}`);
  console.log(`  ssh2, counting bytes only            median ${ms(bytesMs)}  runs ${times.bytes.map(ms).join(', ')}`);
  console.log(`  SourcePipeline alone, in memory      median ${ms(median(times.memory))}  (${(LINES / median(times.memory) / 1000).toFixed(2)} M lines/s)`);
  console.log(`  load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores (a busy machine slows the single-threaded side most)`);
  console.log(`  ratio ours / raw (speed): ${ratio.toFixed(2)}x  goal >= ${GOAL}x  ${ratio >= GOAL ? 'MET' : 'NOT MET'}`);
  process.exitCode = ratio >= GOAL ? 0 : 1;
} finally {
  await sshd.stop();
  rmSync(sshd.dir, { recursive: true, force: true });
}
