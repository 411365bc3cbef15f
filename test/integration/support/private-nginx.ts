// A private nginx (Debian's, through test/integration/backends/nginx-backend.sh) serving one
// directory of logs on 127.0.0.1, for the HTTP log source's integration tests. Its access log is
// the witness for what the log host was asked.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { freePort } from '../../support/free-port.mjs';

const SCRIPT = path.join(import.meta.dirname, '..', 'backends', 'nginx-backend.sh');
const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const MISSING_NGINX =
  `nginx is not installed (${NGINX_BIN} is missing), and this test needs a real one. ` +
  'Install the Debian package: apt-get update && apt-get install -y nginx';

export interface AccessEntry {
  worker: number;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  range: string;
  /** `bytes 0-9/1000` → { start: 0, end: 9, size: 1000 }; null when the answer had none. */
  contentRange: { start: number; end: number; size: number } | null;
}


/** Polls `condition` until it holds; fails naming what was awaited once the deadline passes. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(10);
  }
}

/** nginx-backend.sh with its state in `stateDir`, serving `logDir` on 127.0.0.1:`port`. */
export class PrivateNginx {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The master pids this test started, to prove afterwards that none is left. */
  readonly masters: number[] = [];

  constructor(
    readonly stateDir: string,
    readonly logDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, NGINX_BIN, NGINX_STATE_DIR: this.stateDir, NGINX_LOG_DIR: this.logDir, NGINX_PORT: String(this.port) };
  }

  /**
   * Starts nginx and resolves once it answers HTTP. The script stays in the foreground as
   * nginx's parent (so nginx is reaped, and stopped should this runner die); it exits with 3
   * when the port was taken meanwhile.
   */
  async start(timeoutMs = 15_000): Promise<void> {
    const child = spawn('bash', [SCRIPT, 'start'], { env: { ...this.env(), NGINX_FOREGROUND: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    let exitCode: number | null = null;
    child.once('exit', (code) => (exitCode = code ?? -1));
    try {
      await waitFor(
        () => {
          if (exitCode !== null) throw Object.assign(new Error(`nginx-backend.sh start exited with ${exitCode}: ${err.trim()}`), { exitCode });
          return /^ready \d+$/m.test(out);
        },
        () => `nginx-backend.sh start to say ready (its stderr: ${err.trim() || 'nothing'})`,
        timeoutMs,
      );
      this.masters.push(Number(/^ready (\d+)$/m.exec(out)![1]));
      // Ready to the script means listening; ready to us means answering a request.
      await waitFor(async () => (await fetch(`${this.url}/ready`).catch(() => null))?.status === 404, `nginx to answer on ${this.url}`, timeoutMs);
    } catch (error) {
      await this.stop().catch(() => undefined); // whatever got started, nothing stays behind
      throw error;
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      execFile('bash', [SCRIPT, 'stop'], { env: this.env(), timeout: 30_000 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`nginx-backend.sh stop failed: ${stderr || error.message}`)) : resolve(),
      ),
    );
    // The foreground script ends once nginx has exited and it has reaped it.
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      await Promise.race([this.exited, sleep(10_000).then(() => Promise.reject(new Error('nginx-backend.sh did not exit after stop')))]);
    }
  }

  status(): Promise<string> {
    return new Promise((resolve) => execFile('bash', [SCRIPT, 'status'], { env: this.env() }, (_error, stdout) => resolve(stdout.trim())));
  }

  /** Every request nginx logged so far. */
  requests(): AccessEntry[] {
    const file = path.join(this.stateDir, 'access.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const m = /^\S+ (\d+) "([^"]*)" "([^"]*)" (\d{3}) (\d+) "([^"]*)" "([^"]*)"$/.exec(line);
        if (!m) throw new Error(`Unexpected access log line: ${line}`);
        const cr = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(m[7]!);
        return {
          worker: Number(m[1]),
          method: m[2]!,
          uri: m[3]!,
          status: Number(m[4]),
          bytes: Number(m[5]),
          range: m[6]!,
          contentRange: cr ? { start: Number(cr[1]), end: Number(cr[2]), size: Number(cr[3]) } : null,
        };
      });
  }

  /** The requests for one served file, e.g. `app.log`. */
  requestsFor(file: string): AccessEntry[] {
    return this.requests().filter((r) => r.uri === `/logs/${file}`);
  }

  /**
   * The requests for a file once at least `count` of those that `keep` selects are logged. nginx
   * writes a request's line after it has sent the answer, so a client can be done with an answer
   * before its line exists: a count read at once races with nginx on a loaded machine.
   */
  async requestsLogged(file: string, count: number, keep: (entry: AccessEntry) => boolean = () => true): Promise<AccessEntry[]> {
    const kept = () => this.requestsFor(file).filter(keep);
    await waitFor(() => kept().length >= count, () => `nginx to log ${count} requests for ${file} (logged: ${kept().length})`);
    return kept();
  }
}


/** Starts a private nginx serving a fresh log directory; a machine without nginx fails, saying what to install. */
export async function startPrivateNginx(): Promise<PrivateNginx> {
  // Not a skip: a machine without nginx fails, saying what to install.
  if (!existsSync(NGINX_BIN)) throw new Error(MISSING_NGINX);
  // Two siblings directly under the temp dir, so no private (0700) directory sits above the one
  // the www-data worker has to read; the script opens up the two it is given.
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-nginx-state-'));
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'ops-nginx-logs-'));
  for (let attempt = 1; ; attempt++) {
    const candidate = new PrivateNginx(stateDir, logDir, await freePort());
    try {
      await candidate.start();
      return candidate;
    } catch (error) {
      // Only "the port was taken between picking and binding" is worth another go.
      if ((error as { exitCode?: number }).exitCode !== 3 || attempt === 3) throw error;
    }
  }
}

