import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { freePorts } from '../../support/free-port.mjs';

const backends = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../backends');
const script = path.join(backends, 'graphite-backend.sh');

/** Fails, naming the packages to install, when the Debian packages are not there: never a silent skip. */
export async function requireGraphitePackages(): Promise<void> {
  const provisionFile = pathToFileURL(path.join(backends, 'graphite-provision.mjs')).href;
  const { graphiteDebianPackages } = (await import(provisionFile)) as { graphiteDebianPackages: { name: string; proof: string; why: string }[] };
  const missing = graphiteDebianPackages.filter((p) => !existsSync(p.proof));
  if (missing.length === 0) return;
  const all = graphiteDebianPackages.map((p) => p.name).join(' ');
  throw new Error(
    `The Graphite integration test needs Debian packages that are not installed: ${missing.map((p) => `${p.name} (no ${p.proof})`).join(', ')}. ` +
      `Install them with: sudo apt-get update && sudo apt-get install -y ${all}  (npm test does this itself when run as root).`,
  );
}

/** Polls until `probe` gives a value, or fails after `ms` saying what never happened. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: Error | undefined;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} within ${ms / 1000} s${last ? ` (last error: ${last.message})` : ''}`);
}

export interface RealGraphiteOptions {
  /** Metrics matching it keep 10 s points for a day; every other metric, 60 s for two days. */
  tenSecondPattern?: string;
}

export interface RealGraphite {
  url: string;
  linePort: number;
  /** Sends plaintext lines (`path value epoch_seconds`) to carbon. */
  send(lines: readonly string[]): Promise<void>;
  postEvent(event: { what: string; tags: string; data: string; when: number }): Promise<void>;
  /** Stops both daemons; data stays in the state dir for `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and removes every file. */
  dispose(): Promise<void>;
}

function run(action: 'start' | 'stop', env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script, action], { env, timeout: 40_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/**
 * A real graphite-web + carbon (graphite-backend.sh) on free 127.0.0.1 ports in a fresh temp dir,
 * for the integration and end-to-end tests alike. A port taken between picking and binding makes
 * the script exit 3, and new ports are picked.
 */
export async function startRealGraphite(options: RealGraphiteOptions = {}): Promise<RealGraphite> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-console-e2e-graphite-'));
  for (let attempt = 1; ; attempt++) {
    const [web, line, pickle, query] = await freePorts(4);
    const env = {
      ...process.env,
      GRAPHITE_STATE_DIR: stateDir,
      GRAPHITE_WEB_PORT: String(web),
      CARBON_LINE_PORT: String(line),
      CARBON_PICKLE_PORT: String(pickle),
      CARBON_QUERY_PORT: String(query),
      GRAPHITE_READY_TIMEOUT: '30',
      // Metrics matching it keep 10 s points for a day; every other metric, 60 s for two days.
      ...(options.tenSecondPattern ? { GRAPHITE_10S_PATTERN: options.tenSecondPattern } : {}),
    };
    const started = await run('start', env);
    if (started.code === 0) return handle(`http://127.0.0.1:${web}`, line!, env, stateDir);
    // 3 = a port was taken between picking and binding: pick again.
    if (started.code !== 3 || attempt === 3) {
      await run('stop', env);
      rmSync(stateDir, { recursive: true, force: true });
      throw new Error(`graphite-backend.sh start failed (exit ${started.code}):\n${started.output}`);
    }
  }
}

function handle(url: string, linePort: number, env: NodeJS.ProcessEnv, stateDir: string): RealGraphite {
  const must = async (action: 'start' | 'stop') => {
    const result = await run(action, env);
    if (result.code !== 0) throw new Error(`graphite-backend.sh ${action} failed (exit ${result.code}):\n${result.output}`);
  };
  return {
    url,
    linePort,
    send: (lines) =>
      new Promise((resolve, reject) => {
        const socket = connect(linePort, '127.0.0.1', () => socket.end(`${lines.join('\n')}\n`));
        socket.setTimeout(10_000, () => socket.destroy(new Error('carbon did not take the lines within 10 s')));
        socket.once('error', reject);
        socket.once('close', () => resolve());
      }),
    async postEvent(event) {
      const response = await fetch(`${url}/events/`, { method: 'POST', body: JSON.stringify(event), signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`POST /events/ answered ${response.status}: ${await response.text()}`);
    },
    stop: () => must('stop'),
    start: () => must('start'),
    async dispose() {
      // Remove every file even when stopping failed, then say that it failed.
      const stopped = await run('stop', env);
      rmSync(stateDir, { recursive: true, force: true });
      if (stopped.code !== 0) throw new Error(`graphite-backend.sh stop failed (exit ${stopped.code}):\n${stopped.output}`);
    },
  };
}
