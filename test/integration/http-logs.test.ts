// The HTTP log source against a real nginx (Debian 12's 1.22), started and stopped here through
// test/integration/backends/nginx-backend.sh: the same behaviours test/unit/src/logs proves
// against the demo log server, now against the server people actually put in front of logs.
// Everything goes through our adapter (createHttpLogSource); nginx's own access log is the
// witness for what the log host was asked.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RawLogLine } from '../../src/backends/backend-set';
import { LogSourceDefinition } from '../../src/contract/backend-definitions';
import { BackendUnavailableError } from '../../src/errors';
import { createHttpLogSource } from '../../src/logs/http-log-source';
import type { HttpLogSourceOptions } from '../../src/logs/http-log-source';
import { LogGapError } from '../../src/logs/log-gap-error';

const SCRIPT = path.join(import.meta.dirname, 'backends', 'nginx-backend.sh');
const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const MISSING_NGINX =
  `nginx is not installed (${NGINX_BIN} is missing), and this test needs a real one. ` +
  'Install the Debian package: apt-get update && apt-get install -y nginx';

// ───────────────────────────── the private nginx ─────────────────────────────

interface AccessEntry {
  worker: number;
  method: string;
  uri: string;
  status: number;
  bytes: number;
  range: string;
  /** `bytes 0-9/1000` → { start: 0, end: 9, size: 1000 }; null when the answer had none. */
  contentRange: { start: number; end: number; size: number } | null;
}

/** A port nothing listens on right now (the start is retried if something takes it first). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `condition` until it holds; fails naming what was awaited once the deadline passes. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(10);
  }
}

/** nginx-backend.sh with its state in `stateDir`, serving `logDir` on 127.0.0.1:`port`. */
class PrivateNginx {
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
}

// ───────────────────────────── the test's world ─────────────────────────────

let nginx: PrivateNginx | null = null;
/** Why there is no nginx: every test fails with it (a failed beforeAll would count them as skipped). */
let setupError: unknown = null;
let stateDir = '';
let logDir = '';
const stops: (() => void)[] = [];

async function startNginx(): Promise<PrivateNginx> {
  // Not a skip: a machine without nginx fails, saying what to install.
  if (!existsSync(NGINX_BIN)) throw new Error(MISSING_NGINX);
  // Two siblings directly under the temp dir, so no private (0700) directory sits above the one
  // the www-data worker has to read; the script opens up the two it is given.
  stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-nginx-state-'));
  logDir = mkdtempSync(path.join(os.tmpdir(), 'ops-nginx-logs-'));
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

beforeAll(async () => {
  try {
    nginx = await startNginx();
  } catch (error) {
    setupError = error;
  }
}, 60_000);

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

afterAll(async () => {
  for (const stop of stops.splice(0)) stop();
  try {
    await nginx?.stop();
    for (const pid of nginx?.masters ?? []) expect(existsSync(`/proc/${pid}`), `nginx master ${pid} is still there`).toBe(false);
  } finally {
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  }
}, 60_000);

function server(): PrivateNginx {
  if (!nginx) throw setupError instanceof Error ? setupError : new Error(`The private nginx did not start: ${String(setupError)}`);
  return nginx;
}

/** What a person would put in the config for a log nginx serves, checked as the config is. */
function definition(file: string): LogSourceDefinition {
  return LogSourceDefinition.parse({ id: 'web-1-app', kind: 'logs', type: 'http', url: `${server().url}/logs/${file}`, host: 'web-1', service: 'web' });
}

function source(file: string, options: HttpLogSourceOptions = {}) {
  return createHttpLogSource(definition(file), { reveal: () => undefined }, { pollMs: 20, ...options });
}

/** Follows `file` through our adapter and keeps everything it hears. */
function follow(file: string, options: HttpLogSourceOptions = {}) {
  const seen = { lines: [] as RawLogLine[], errors: [] as Error[], calls: [] as ('lines' | 'error')[] };
  const stop = source(file, options).follow({
    onLines: (lines) => (seen.lines.push(...lines), seen.calls.push('lines')),
    onError: (error) => (seen.errors.push(error), seen.calls.push('error')),
  });
  stops.push(stop);
  return { ...seen, texts: () => seen.lines.map((line) => line.text), stop };
}

function served(name: string): string {
  return path.join(server().logDir, name);
}

/** Writes a log the way a service would, readable by nginx's www-data worker whatever the umask. */
function writeLog(name: string, text: string | Buffer): void {
  writeFileSync(served(name), text);
  chmodSync(served(name), 0o644);
}

/** Opens a log for appending, as the app that writes it holds it open. */
function openLog(name: string): number {
  const fd = openSync(served(name), 'a');
  chmodSync(served(name), 0o644);
  return fd;
}

const PAD = 'x'.repeat(40);

/** `line <n> xxxx…`: numbered lines, so any gap or duplicate shows. */
function numbered(from: number, to: number, prefix = 'line'): string {
  let text = '';
  for (let n = from; n <= to; n++) text += `${prefix} ${n} ${PAD}\n`;
  return text;
}

/** The numbers of the numbered lines, in the order they were shown. */
function numbers(texts: string[], prefix = 'line'): number[] {
  return texts.flatMap((text) => {
    const match = new RegExp(`^${prefix} (\\d+) ${PAD}$`).exec(text);
    return match ? [Number(match[1])] : [];
  });
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Writes `text` through `fd` in pieces of uneven size, nearly all ending inside a line (torn
 * writes), with a pause now and then so the tail polls in between. With `file`, every 25th
 * piece that ends inside a line waits until nginx has answered a poll reaching that end, so the
 * tail is sure to have been handed half lines; returns how many times it did.
 */
async function writeTorn(fd: number, text: string, file?: string): Promise<number> {
  let halves = 0;
  for (let at = 0, n = 0; at < text.length; n++) {
    const size = 1 + ((at * 7919 + n * 104_729) % 3000);
    const piece = text.slice(at, at + size);
    writeSync(fd, piece);
    at += size;
    if (file && n % 25 === 0 && !piece.endsWith('\n')) {
      const end = statSync(served(file)).size - 1;
      await waitFor(() => server().requestsFor(file).some((r) => r.contentRange?.end === end), `a poll of ${file} up to byte ${end}`);
      halves++;
    } else if (n % 4 === 3) {
      await sleep(1);
    }
  }
  return halves;
}

// ───────────────────────────── the behaviours ─────────────────────────────

describe('following a log nginx serves', () => {
  it('shows thousands of lines appended quickly, in torn writes, in order with none missing and none twice', async () => {
    writeLog('quick.log', '');
    // Small requests, so catching up is many full chunks, each followed at once by the next.
    const tail = follow('quick.log', { maxChunkBytes: 16 * 1024 });
    await waitFor(() => tail.calls.length > 0, 'the tail to find the empty log');
    const fd = openLog('quick.log');
    let halves = 0;
    try {
      halves = await writeTorn(fd, numbered(1, 20_000), 'quick.log');
    } finally {
      closeSync(fd);
    }
    await waitFor(() => numbers(tail.texts()).at(-1) === 20_000, 'line 20000', 15_000);
    expect(numbers(tail.texts())).toEqual(range(1, 20_000));
    expect(tail.texts()).toHaveLength(20_000);
    expect(tail.errors).toEqual([]);
    // nginx really did hand out half lines (answers that reached the end of the file as it was
    // then, and that end was inside a line), and none of them showed.
    const content = readFileSync(served('quick.log'));
    const torn = server()
      .requestsFor('quick.log')
      .filter(({ status, contentRange: cr }) => status === 206 && cr !== null && cr.end === cr.size - 1 && content[cr.end] !== 0x0a);
    expect(halves).toBeGreaterThan(10);
    expect(torn.length).toBeGreaterThanOrEqual(halves);
  });

  it('holds back a torn last line until it is completed', async () => {
    writeLog('torn.log', 'line 1 done\nline 2 half');
    const tail = follow('torn.log');
    await waitFor(() => tail.lines.length === 1, 'line 1');
    const polls = server().requestsFor('torn.log').length;
    await waitFor(() => server().requestsFor('torn.log').length >= polls + 3, 'three more polls');
    // nginx served the half line each time; it is not shown as a line of its own.
    expect(server().requestsFor('torn.log').at(-1)).toMatchObject({ status: 206, contentRange: { size: 23 } });
    expect(tail.texts()).toEqual(['line 1 done']);
    appendFileSync(served('torn.log'), ' written\n');
    await waitFor(() => tail.lines.length === 2, 'line 2');
    expect(tail.texts()).toEqual(['line 1 done', 'line 2 half written']);
    expect(tail.errors).toEqual([]);
  });

  it('loses nothing when the log is moved aside and the app writes to the old file before reopening', async () => {
    const app = { fd: openLog('rot.log') };
    try {
      const tail = follow('rot.log');
      await waitFor(() => tail.calls.length > 0, 'the tail to find the empty log');
      await writeTorn(app.fd, numbered(1, 2_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 2_000, 'line 2000');

      // logrotate: mv rot.log rot.log.1; the app has not been told yet and writes on through its fd.
      renameSync(served('rot.log'), served('rot.log.1'));
      await writeTorn(app.fd, numbered(2_001, 2_500));
      await waitFor(() => server().requestsFor('rot.log').some((r) => r.status === 404), 'the tail to find rot.log gone');
      await waitFor(() => numbers(tail.texts()).at(-1) === 2_500, 'late line 2500, from rot.log.1');

      // logrotate `create`: a new, empty rot.log; the app still writes to the old file.
      writeLog('rot.log', '');
      const seenNew = server().requestsFor('rot.log').length;
      await waitFor(() => server().requestsFor('rot.log').length > seenNew, 'the tail to see the new rot.log');
      await writeTorn(app.fd, numbered(2_501, 3_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 3_000, 'late line 3000, from rot.log.1');

      // The app reopens (postrotate HUP) and goes on in the new file.
      closeSync(app.fd);
      app.fd = -1;
      app.fd = openLog('rot.log');
      await writeTorn(app.fd, numbered(3_001, 5_000));
      await waitFor(() => numbers(tail.texts()).at(-1) === 5_000, 'line 5000, from the new rot.log');

      expect(numbers(tail.texts())).toEqual(range(1, 5_000));
      expect(tail.texts()).toHaveLength(5_000);
      expect(tail.errors).toEqual([]);
      expect(server().requestsFor('rot.log.1').filter((r) => r.status === 206).length).toBeGreaterThan(0);
    } finally {
      if (app.fd >= 0) closeSync(app.fd);
    }
  });

  it('notices the log replaced by a larger file and says lines may be missing, instead of mixing the two', async () => {
    writeLog('swap.log', numbered(1, 100));
    const oldSize = statSync(served('swap.log')).size;
    const tail = follow('swap.log');
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    // Larger than what was read: neither the size nor a 416 can give the replacement away.
    writeLog('swap.next', numbered(1, 3_000, 'new'));
    renameSync(served('swap.next'), served('swap.log'));
    const newSize = statSync(served('swap.log')).size;
    await waitFor(() => numbers(tail.texts(), 'new').at(-1) === 3_000, 'new line 3000');

    expect(numbers(tail.texts(), 'new')).toEqual(range(1, 3_000));
    expect(numbers(tail.texts())).toEqual(range(1, 100));
    expect(tail.texts()).toHaveLength(3_100);
    const gap = tail.errors.find((error) => error instanceof LogGapError);
    expect(gap?.message).toMatch(/^swap\.log was rotated or truncated and swap\.log\.1 is not there, so lines between .+ and .+ may be missing\.$/);
    // nginx answered the poll that found out with an ordinary 206 of the new file, from 64 bytes
    // before the old end: only the overlap bytes told the files apart.
    expect(server().requestsFor('swap.log')).toContainEqual(
      expect.objectContaining({ status: 206, contentRange: expect.objectContaining({ start: oldSize - 64, size: newSize }) }),
    );
  });

  it('says so when nginx goes away, and resumes at the same byte when it is back, with nothing missing or doubled', async () => {
    writeLog('restart.log', numbered(1, 100));
    const sizeBefore = statSync(served('restart.log')).size;
    const tail = follow('restart.log');
    await waitFor(() => numbers(tail.texts()).at(-1) === 100, 'line 100');
    const workersBefore = new Set(server().requests().map((r) => r.worker));

    await server().stop();
    expect(await server().status()).toBe('not running');
    appendFileSync(served('restart.log'), numbered(101, 150));
    await waitFor(() => tail.errors.length > 0, 'the outage to be reported');
    expect(tail.errors[0]).toBeInstanceOf(BackendUnavailableError);
    // Refused, as a rule; reset when a poll was under way as nginx went down.
    expect(tail.errors[0]!.message).toMatch(
      /^web-1 restart\.log at http:\/\/127\.0\.0\.1:\d+\/logs\/restart\.log (refused the connection \(is it running\?\)|could not be reached \(ECONNRESET\))\. Retrying in 1 s from where it stopped\.$/,
    );
    appendFileSync(served('restart.log'), numbered(151, 200));

    await server().start(); // same state dir, same port
    await waitFor(() => numbers(tail.texts()).at(-1) === 200, 'line 200', 20_000);
    expect(numbers(tail.texts())).toEqual(range(1, 200));
    expect(tail.calls.at(-1)).toBe('lines');
    expect(tail.errors.every((error) => error instanceof BackendUnavailableError && !(error instanceof LogGapError))).toBe(true);
    // The first question to the new nginx was for the bytes after those already shown (with the
    // 64 bytes of overlap before them), not the recent past again.
    const resumed = server()
      .requestsFor('restart.log')
      .find((r) => !workersBefore.has(r.worker));
    expect(resumed).toMatchObject({ method: 'GET', status: 206, contentRange: { start: sizeBefore - 64 } });
    expect(resumed?.range).toMatch(new RegExp(`^bytes=${sizeBefore - 64}-\\d+$`));
  }, 30_000);
});

describe('testing the connection to a log nginx serves', () => {
  it('says how large the log is and when it was last written', async () => {
    writeLog('size.log', 'x'.repeat(1_234_567));
    const written = Date.UTC(2026, 10, 23, 14, 3, 10);
    utimesSync(served('size.log'), written / 1000, written / 1000);
    const log = source('size.log', { now: () => written + 3_000 });
    await expect(log.check(AbortSignal.timeout(5_000))).resolves.toBe('size.log: 1.2 MB, last written 3 s ago.');
  });

  it('says when there is no log at that address', async () => {
    await expect(source('nosuch.log').check(AbortSignal.timeout(5_000))).rejects.toThrow(
      /^web-1 nosuch\.log: there is no nosuch\.log at http:\/\/127\.0\.0\.1:\d+\/logs\/nosuch\.log \(404\)\. Check the path in the URL\.$/,
    );
  });
});

describe('what the log host is asked', () => {
  it('is only ever GET or HEAD', async () => {
    // After every test above (Vitest runs them in order); this one adds a HEAD and GETs of its own.
    writeLog('last.log', numbered(1, 3));
    await source('last.log').check(AbortSignal.timeout(5_000));
    const tail = follow('last.log');
    await waitFor(() => tail.lines.length === 3, 'three lines');
    tail.stop();
    const methods = server()
      .requests()
      .filter((r) => r.uri.startsWith('/logs/'))
      .map((r) => r.method);
    expect(methods.length).toBeGreaterThan(0);
    // Both appear, so the access log does record the method; nothing else does.
    expect(new Set(methods)).toEqual(new Set(['GET', 'HEAD']));
  });
});
