// What the log benches share: the core's log modules built for plain Node (esbuild, as main/build.mjs
// builds the host), the generated test files under .state/logs-bench (made once, then reused), and
// medians. Both benches use the spike's file mix (logs-gen.mjs), so figures compare with the notes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const benchDir = path.join(root, '.state', 'logs-bench');

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : NaN;
};
export const fmt = (n, digits = 2) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const log = (name) => (line) => process.stderr.write(`[${name}] ${line}\n`);

/** The pipeline, the query functions, the filter as the contract defines it, the line parser, the HTTP log source, the pattern engines, and the journal's reader and gateway source, from src/ as the app runs them. */
export async function loadLogModules() {
  const out = path.join(benchDir, 'dist');
  await build({
    entryPoints: {
      pipeline: path.join(root, 'src/logs/source-pipeline.ts'),
      query: path.join(root, 'src/logs/log-query.ts'),
      filter: path.join(root, 'src/contract/log-filter.ts'),
      http: path.join(root, 'src/logs/http-log-source.ts'),
      parse: path.join(root, 'src/logs/parse-line.ts'),
      pattern: path.join(root, 'src/contract/log-pattern.ts'),
      engine: path.join(root, 'src/logs/fast-pattern.ts'),
      journal: path.join(root, 'src/logs/journal/journal-reader.ts'),
      gateway: path.join(root, 'src/logs/journal/journal-gateway-source.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const load = (name) => import(pathToFileURL(path.join(out, `${name}.mjs`)).href);
  const modules = await Promise.all(['pipeline', 'query', 'filter', 'http', 'parse', 'pattern', 'engine', 'journal', 'gateway'].map(load));
  return Object.assign({}, ...modules);
}

/**
 * `lines` lines of the mix in .state/logs-bench, generated once. Its first line is 1 January of
 * `year` (UTC), this year's by default: syslog lines carry no year and are read as the year that
 * puts them in the recent past. A bench that reads them with a fixed clock may fix the year too.
 */
export function mixFile(lines, year = new Date().getUTCFullYear()) {
  const start = Date.UTC(year, 0, 1);
  const file = path.join(benchDir, `mix-${lines}-${new Date(start).getUTCFullYear()}.log`);
  if (!existsSync(file)) {
    mkdirSync(benchDir, { recursive: true });
    log('logs-bench')(`generating ${lines.toLocaleString('en')} lines into ${path.relative(root, file)} (once)`);
    execFileSync(process.execPath, [path.join(root, 'test/bench/logs-gen.mjs'), String(lines), `${file}.part`, String(start)], { stdio: 'ignore' });
    renameSync(`${file}.part`, file);
  }
  return { file, start };
}
