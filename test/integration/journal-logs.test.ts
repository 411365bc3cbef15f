// The journal log sources against the real daemons (Debian 12's systemd 252): a central journal
// written by systemd-journal-remote from export-format uploads (one `_HOSTNAME` per host, as
// systemd-journal-upload sends them) and served by systemd-journal-gatewayd; and the same journal
// files read over SSH by a real sshd, the forced-command wrapper and journalctl --directory.
// Everything goes through our adapters; what they show is compared with what the daemons answer.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LogFollower, LogGapNotice, LogSource } from '../../src/backends/backend-set';
import { LogSourceDefinition } from '../../src/contract/backend-definitions';
import type { LogSourceStatus } from '../../src/contract/wire-types';
import { createJournalGatewaySource } from '../../src/logs/journal/journal-gateway-source';
import type { JournalGatewayDefinition, JournalGatewayOptions } from '../../src/logs/journal/journal-gateway-source';
import { createSshJournalSource } from '../../src/logs/journal/ssh-journal-source';
import type { SshJournalDefinition } from '../../src/logs/journal/ssh-journal-source';
import { UnsafeJournalRequestError } from '../../src/logs/journal/journal-command';
import { createKnownHosts } from '../../src/logs/ssh/known-hosts';
import { LogHostSession } from '../../src/logs/ssh/ssh-session';
import { readLineFields } from '../../src/logs/parse-line';
import { LEVEL_CODES } from '../../src/logs/log-level';
import { exportEntry, startCentralJournal } from './backends/journal-private.mjs';
import type { CentralJournal } from './backends/journal-private.mjs';
import { waitFor as waitUntil } from '../unit/src/logs/wait-for';
import { startPrivateSshd } from './backends/sshd-private.mjs';
import type { PrivateSshd } from './backends/sshd-private.mjs';

const WRAPPER = path.resolve(import.meta.dirname, '../../ops/logtail-wrapper');

let journal: CentralJournal;
let sshd: PrivateSshd;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'ops-journal-test-'));
  journal = await startCentralJournal();
  sshd = await startPrivateSshd({ journalDir: journal.journal });
}, 60_000);
afterAll(async () => {
  await journal?.stop();
  await sshd?.stop();
  for (const dir of [journal?.dir, sshd?.dir, scratch]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a follower saw, by host: the lines, statuses, gaps and errors. */
class FleetRecorder implements LogFollower {
  lines: { host: string; text: string }[] = [];
  statuses: Omit<LogSourceStatus, 'id'>[] = [];
  gaps: LogGapNotice[] = [];
  errors: Error[] = [];
  onLines(chunk: Buffer) {
    this.add('(no host)', chunk);
  }
  forHost(host: string) {
    return { onLines: (chunk: Buffer) => this.add(host, chunk) };
  }
  private add(host: string, chunk: Buffer) {
    expect(chunk.at(-1)).toBe(0x0a); // whole lines only
    for (const text of chunk.toString('utf8').split('\n').slice(0, -1)) this.lines.push({ host, text });
  }
  onGap(gap: LogGapNotice) {
    this.gaps.push(gap);
  }
  onStatus(status: Omit<LogSourceStatus, 'id'>) {
    this.statuses.push(status);
  }
  onError(error: Error) {
    this.errors.push(error);
  }
  /** `seq=N` of every line of `run` (of one host, or of all), in the order they came. */
  seqs(run: string, host?: string): number[] {
    return this.lines
      .filter((l) => host === undefined || l.host === host)
      .map((l) => /\brun=(\S+) seq=(\d+)/.exec(l.text))
      .flatMap((m) => (m && m[1] === run ? [Number(m[2])] : []));
  }
  /** Every entry of `run` exactly once (sorted, no holes, no doubles), and each host's in journal order. */
  expectEachOnce(run: string, count: number) {
    expect([...this.seqs(run)].sort((a, b) => a - b)).toEqual(range(1, count));
    for (const host of HOSTS) expect(this.seqs(run, host), host).toEqual(range(1, count).filter((n) => HOSTS[n % HOSTS.length] === host));
  }
  state() {
    return this.statuses.at(-1)?.state;
  }
  describe() {
    return `${this.lines.length} lines, statuses ${JSON.stringify(this.statuses.map((s) => `${s.state}: ${s.message ?? ''}`).slice(-3))}, errors ${this.errors.map((e) => e.message).join('; ')}`;
  }
}

/** The daemons answer at their own pace on a busy machine: the witness is awaited, never a sleep. */
const waitFor = (condition: () => boolean, what: () => string) => waitUntil(condition, what, 30_000);

const HOSTS = ['web-1', 'web-2', 'web-3'];
let clock = Date.now() * 1000;
/** Entries of one test run, round-robin over the hosts, each `run=<run> seq=<n>`, in time order. */
function entries(run: string, from: number, count: number, options: { unit?: string; priority?: number } = {}): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const seq = from + i;
    clock += 1_000;
    return exportEntry({ host: HOSTS[seq % HOSTS.length]!, unit: options.unit ?? 'checkout.service', identifier: 'checkout', priority: options.priority ?? 6, micros: clock, message: `run=${run} seq=${seq} ${'x'.repeat(30)}` });
  });
}
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Uploads the next entries of `run`, numbered on from the last; `sent` is how many so far. */
function uploader(run: string) {
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    async send(count: number) {
      await journal.upload(entries(run, sent + 1, count));
      sent += count;
    },
  };
}

/** What gatewayd itself holds for a run: seq → host, read with a plain HTTP client. */
async function heldByGateway(run: string): Promise<Map<number, string>> {
  const response = await fetch(`${journal.gatewayUrl}/entries?_SYSTEMD_UNIT=checkout.service`, { headers: { Accept: 'application/json' } });
  const held = new Map<number, string>();
  for (const line of (await response.text()).split('\n').filter(Boolean)) {
    const entry = JSON.parse(line) as { MESSAGE: string | number[]; _HOSTNAME: string };
    const message = typeof entry.MESSAGE === 'string' ? entry.MESSAGE : Buffer.from(entry.MESSAGE).toString('utf8');
    const match = /\brun=(\S+) seq=(\d+)/.exec(message);
    if (match?.[1] === run) held.set(Number(match[2]), entry._HOSTNAME);
  }
  return held;
}

/**
 * Quiet streams are asked again this soon, where the app waits 10 s: journalctl and gatewayd
 * (systemd 252) sit on entries written while they start until another entry comes (QuietWatch),
 * and the tests wait for every entry. Each such reconnect also re-sends the cursor's own entry,
 * which must never show twice.
 */
const QUIET_MS = 400;

function gatewaySource(extra: Partial<JournalGatewayDefinition> = {}, options: JournalGatewayOptions = {}): LogSource {
  const def = LogSourceDefinition.parse({ kind: 'logs', type: 'journal-gateway', id: 'central', service: 'checkout', url: journal.gatewayUrl, units: ['checkout'], ...extra });
  return createJournalGatewaySource(def as JournalGatewayDefinition, { reveal: () => undefined }, { firstRetryMs: 100, maxRetryMs: 1_000, quietMs: QUIET_MS, ...options });
}

function sshJournalSource(extra: Partial<SshJournalDefinition> = {}): LogSource {
  const knownHosts = path.join(scratch, `known_hosts-${Math.random().toString(36).slice(2)}`);
  writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
  const def = LogSourceDefinition.parse({
    kind: 'logs', type: 'ssh-journal', id: 'web-journal', service: 'checkout', units: ['checkout.service'],
    address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key', keySecret: 'ssh.key' }, ...extra,
  });
  const key = readFileSync(sshd.clientKey, 'utf8');
  return createSshJournalSource(def as SshJournalDefinition, { reveal: () => key }, { knownHostsFile: knownHosts, userKnownHostsFiles: [], firstRetryMs: 100, maxRetryMs: 1_000, quietMs: QUIET_MS });
}

/** The time and level the log pipeline reads from a line. */
function timeAndLevel(text: string) {
  const fields = readLineFields(text, 0, text.length, Date.now());
  return { at: fields.at, level: LEVEL_CODES[fields.level] };
}

describe('the central journal (systemd-journal-gatewayd)', () => {
  it('every host in it is a host of its own, with the entries of its units only, levels from PRIORITY, as gatewayd holds them', async () => {
    await journal.upload([
      ...entries('hosts', 1, 30),
      ...entries('other-unit', 1, 5, { unit: 'payments.service' }),
      exportEntry({ host: 'web-2', unit: 'checkout.service', priority: 3, micros: (clock += 1_000), message: 'run=hosts seq=31 payment failed' }),
      exportEntry({ host: 'db-1', unit: 'checkout.service', priority: 4, micros: (clock += 1_000), message: Buffer.from('run=hosts seq=32 \u001b[33mslow\u001b[0m query\n  at db.query (db.js:12)') }),
    ]);
    const held = await heldByGateway('hosts');
    expect(held.size).toBe(32);
    const seen = new FleetRecorder();
    const stop = gatewaySource().follow(seen);
    try {
      await waitFor(() => seen.seqs('hosts').length >= 32, () => `32 entries, got ${seen.describe()}`);
      expect([...seen.seqs('hosts')].sort((a, b) => a - b)).toEqual(range(1, 32));
      expect(seen.seqs('other-unit')).toEqual([]);
      // Each entry under the host gatewayd names for it.
      for (const line of seen.lines.filter((l) => l.text.includes('run=hosts'))) {
        expect(line.host).toBe(held.get(Number(/seq=(\d+)/.exec(line.text)![1])));
      }
      expect(new Set(seen.lines.map((l) => l.host))).toEqual(new Set(['web-1', 'web-2', 'web-3', 'db-1']));
      const failed = seen.lines.find((l) => l.text.includes('seq=31'))!.text;
      expect(failed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z err checkout\.service\[4242\]: run=hosts seq=31 payment failed$/);
      expect(timeAndLevel(failed).level).toBe('error');
      // A message of bytes (colour codes) decodes; its second line stays with its entry.
      const slow = seen.lines.findIndex((l) => l.text.includes('seq=32'));
      expect(seen.lines[slow]!.text.endsWith('Z warning checkout.service[4242]: run=hosts seq=32 \u001b[33mslow\u001b[0m query')).toBe(true);
      expect(seen.lines[slow + 1]).toEqual({ host: 'db-1', text: '  at db.query (db.js:12)' });
      expect(timeAndLevel(seen.lines[slow]!.text)).toEqual({ at: Math.floor(clock / 1000), level: 'warn' });
      expect(seen.statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
      expect(seen.gaps).toEqual([]);
    } finally {
      stop();
    }
  }, 60_000);

  it('gatewayd killed and started again mid-follow, and quiet streams asked again: every entry exactly once', async () => {
    const seen = new FleetRecorder();
    // Quiet streams are asked again (QUIET_MS): many caught-up reconnects, each sending the
    // cursor's own entry again (even `Range: entries=<cursor>:1:` does when it is the newest).
    const stop = gatewaySource().follow(seen);
    const run = uploader('restarts');
    try {
      await waitFor(() => seen.state() === 'live', () => `live, got ${seen.describe()}`);
      for (let round = 1; round <= 4; round++) {
        for (let burst = 0; burst < 5; burst++) await run.send(17);
        await waitFor(() => seen.seqs('restarts').length >= run.sent, () => `${run.sent} entries before restart ${round}, got ${seen.seqs('restarts').length}`);
        await sleep(2 * QUIET_MS); // caught up and quiet: a reconnect for quiet happens here
        await journal.stopGateway();
        await waitFor(() => seen.state() === 'reconnecting', () => `reconnecting after the gateway went, got ${seen.describe()}`);
        await run.send(23); // written while the gateway is away
        const before = seen.statuses.length;
        await journal.startGateway();
        await waitFor(() => seen.statuses.slice(before).some((s) => s.state === 'live'), () => `live again after restart ${round}, got ${seen.describe()}`);
      }
      await run.send(10);
      await waitFor(() => seen.seqs('restarts').length >= run.sent, () => `${run.sent} entries, got ${seen.seqs('restarts').length}`);
      await sleep(1_000); // anything doubled by the quiet reconnects would arrive now
      seen.expectEachOnce('restarts', run.sent);
      expect(seen.gaps).toEqual([]);
      expect(seen.statuses.find((s) => s.state === 'reconnecting')!.message).toMatch(/Reconnecting in 0\.1 s, after the entry of \d{4}-/);
    } finally {
      stop();
    }
  }, 120_000);

  it('a MESSAGE over 4 KiB, which gatewayd leaves out, says so instead of showing nothing', async () => {
    await journal.upload([exportEntry({ host: 'web-1', unit: 'big.service', micros: (clock += 1_000), message: `run=big seq=1 ${'y'.repeat(5_000)}` })]);
    const seen = new FleetRecorder();
    const stop = gatewaySource({ units: ['big.service'] }).follow(seen);
    try {
      await waitFor(() => seen.lines.length >= 1, () => `the entry, got ${seen.describe()}`);
      expect(seen.lines[0]!.text).toMatch(/big\.service\[4242\]: \[message left out by the server: longer than it sends/);
    } finally {
      stop();
    }
  });

  it('"Test connection" names the hosts in the journal; a wrong URL says what failed', async () => {
    await expect(gatewaySource().check(AbortSignal.timeout(15_000))).resolves.toMatch(/^systemd-journal-gatewayd on \S+: \d+ hosts in the journal \(.*db-1, .*web-1, web-2, web-3.*\), latest entry \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
    await expect(gatewaySource({ url: 'http://127.0.0.1:9' }).check(AbortSignal.timeout(15_000))).rejects.toThrow(/refused the connection/);
  });
});

describe('the journal over SSH (sshd + the wrapper + journalctl)', () => {
  it('follows the journal files by host; 8 dropped sessions while entries keep coming: every entry exactly once, each host’s in order', async () => {
    const seen = new FleetRecorder();
    const stop = sshJournalSource().follow(seen);
    const run = uploader('ssh-drops');
    try {
      await waitFor(() => seen.state() === 'live', () => `live, got ${seen.describe()}`);
      for (let round = 1; round <= 8; round++) {
        for (let burst = 0; burst < 4; burst++) await run.send(13);
        if (round % 2 === 0) await waitFor(() => seen.seqs('ssh-drops').length >= run.sent, () => `caught up before drop ${round}, got ${seen.seqs('ssh-drops').length} of ${run.sent}`);
        const before = seen.statuses.length;
        await sshd.drop();
        await run.send(5); // while the session is gone
        await waitFor(() => seen.statuses.slice(before).some((s) => s.state === 'live'), () => `live again after drop ${round}, got ${seen.describe()}`);
      }
      await run.send(20);
      await waitFor(() => seen.seqs('ssh-drops').length >= run.sent, () => `${run.sent} entries, got ${seen.seqs('ssh-drops').length}: ${seen.describe()}`);
      await sleep(700);
      seen.expectEachOnce('ssh-drops', run.sent);
      expect(seen.gaps).toEqual([]);
      expect(seen.statuses.find((s) => s.state === 'reconnecting')!.message).toMatch(/Reconnecting in 0\.1 s, after the entry of/);
    } finally {
      stop();
    }
  }, 120_000);

  it('shows a MESSAGE of any size whole (journalctl --all), and the latest entries on start', async () => {
    await journal.upload([exportEntry({ host: 'web-1', unit: 'big-ssh.service', micros: (clock += 1_000), message: `run=big seq=1 ${'y'.repeat(5_000)}` })]);
    const seen = new FleetRecorder();
    const stop = sshJournalSource({ units: ['big-ssh'] }).follow(seen);
    try {
      await waitFor(() => seen.lines.length >= 1, () => `the entry, got ${seen.describe()}`);
      expect(seen.lines[0]!.text).toMatch(new RegExp(`big-ssh\\.service\\[4242\\]: run=big seq=1 y{5000}$`));
    } finally {
      stop();
    }
  });

  it('"Test connection" reads the latest entry, or says there is none', async () => {
    await expect(sshJournalSource().check(AbortSignal.timeout(15_000))).resolves.toMatch(/^The journal can be read; its latest entry of checkout\.service is from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC on (web|db)-\d\./);
    await expect(sshJournalSource({ units: ['nothing-logs-here.service'] }).check(AbortSignal.timeout(15_000))).resolves.toMatch(/^The journal can be read; it has no entries of nothing-logs-here\.service yet\./);
  });

  it('the wrapper’s refusal is what the source shows, and it keeps trying', async () => {
    const misconfigured = await startPrivateSshd({ journalDir: path.join(scratch, 'no-such-journal') });
    const key = readFileSync(misconfigured.clientKey, 'utf8');
    const knownHosts = path.join(scratch, 'misconfigured-known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${misconfigured.port} ${readFileSync(`${misconfigured.hostKeyFile}.pub`, 'utf8')}`);
    const def = LogSourceDefinition.parse({ kind: 'logs', type: 'ssh-journal', id: 'j', service: 's', address: '127.0.0.1', port: misconfigured.port, username: misconfigured.username, auth: { type: 'key', keySecret: 'k' } });
    const source = createSshJournalSource(def as SshJournalDefinition, { reveal: () => key }, { knownHostsFile: knownHosts, userKnownHostsFiles: [], firstRetryMs: 100, maxRetryMs: 200 });
    const seen = new FleetRecorder();
    const stop = source.follow(seen);
    try {
      await waitFor(() => seen.errors.length >= 2, () => `two failed attempts, got ${seen.describe()}`);
      expect(seen.errors[0]!.message).toBe('The log host ended its journal (exit 126): logtail-wrapper: denied: no journal directory');
      expect(seen.statuses.at(-1)).toMatchObject({ state: 'reconnecting', message: expect.stringContaining('denied: no journal directory') });
      await expect(source.check(AbortSignal.timeout(15_000))).rejects.toThrow(/did not read its journal \(exit 126\): logtail-wrapper: denied: no journal directory/);
    } finally {
      stop();
      await misconfigured.stop();
      rmSync(misconfigured.dir, { recursive: true, force: true });
    }
  });

  it('a request that is not one of the forms is refused before anything is sent to the host', async () => {
    const key = readFileSync(sshd.clientKey, 'utf8');
    const knownHosts = path.join(scratch, 'attack-known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
    const def = { id: 'x', address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key' as const, keySecret: 'k' } };
    const session = await LogHostSession.open(def, { reveal: () => key }, createKnownHosts(knownHosts, []));
    const sessionsBefore = (sshd.sshdLog().match(/Starting session/g) ?? []).length;
    try {
      const attacks = ['a; rm -rf /', '$(id)', '../etc', 'a b', '--directory=/', 'a*', 'x'.repeat(101)];
      for (const name of attacks) {
        expect(LogSourceDefinition.safeParse({ ...def, kind: 'logs', type: 'ssh-journal', service: 's', units: [name] }).success, name).toBe(false);
        await expect(session.run({ kind: 'journal', follow: true, start: { lines: 1 }, match: { units: [name], identifiers: [] } })).rejects.toBeInstanceOf(UnsafeJournalRequestError);
      }
      await expect(session.run({ kind: 'journal', follow: true, start: { cursor: 's=1;rm -rf /' }, match: { units: [], identifiers: [] } })).rejects.toBeInstanceOf(UnsafeJournalRequestError);
      expect((sshd.sshdLog().match(/Starting session/g) ?? []).length).toBe(sessionsBefore);
    } finally {
      session.close();
    }
  });
});

describe('a journal that lost the last entry shown', () => {
  it('vacuumed while the console was away: an explicit gap row, then the new entries, none twice (gateway and SSH alike)', async () => {
    const run = uploader('vacuum');
    await run.send(6);
    const fromGateway = new FleetRecorder();
    const fromSsh = new FleetRecorder();
    const stops = [gatewaySource().follow(fromGateway), sshJournalSource().follow(fromSsh)];
    try {
      for (const seen of [fromGateway, fromSsh]) await waitFor(() => seen.seqs('vacuum').length === 6, () => `the first 6 entries, got ${seen.describe()}`);
      await sshd.stop();
      await journal.vacuum();
      await run.send(6); // 7-12, in a journal that no longer has 1-6
      sshd = await startPrivateSshd({ dir: sshd.dir, hostKey: sshd.hostKeyFile, port: sshd.port, journalDir: journal.journal });
      for (const seen of [fromGateway, fromSsh]) {
        await waitFor(() => seen.seqs('vacuum').length >= 12 && seen.gaps.length > 0, () => `12 entries and a gap, got ${seen.describe()} gaps ${JSON.stringify(seen.gaps)}`);
        expect(seen.seqs('vacuum').sort((a, b) => a - b)).toEqual(range(1, 12));
        expect(seen.gaps).toEqual([{ from: expect.any(Number), until: expect.any(Number), reason: expect.stringMatching(/^the journal no longer has the last entry shown/) }]);
        expect(seen.gaps[0]!.from).toBeLessThan(seen.gaps[0]!.until!);
      }
    } finally {
      for (const stop of stops) stop();
    }
  }, 90_000);
});

describe('the wrapper’s journal commands', () => {
  /** A cursor the journal really has, as journalctl prints it. */
  const realCursor = () => (JSON.parse(execFileSync('journalctl', [`--directory=${journal.journal}`, '-o', 'json', '-n', '1'], { encoding: 'utf8' })) as { __CURSOR: string }).__CURSOR;

  it('over a real ssh login: the forms run, anything else is refused with exit 126', () => {
    const ssh = (command: string) =>
      spawnSync('ssh', ['-p', String(sshd.port), '-i', sshd.clientKey, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${sshd.username}@127.0.0.1`, command], { encoding: 'utf8', timeout: 15_000 });
    const cursor = realCursor();
    const latest = ssh('journalctl -o json -n 2 -u checkout.service');
    expect(latest.status).toBe(0);
    const two = latest.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(two).toHaveLength(2);
    // Only the fields the console shows, whole (--all), and the cursor to resume from.
    for (const entry of two) expect(Object.keys(entry).sort()).toEqual(expect.arrayContaining(['MESSAGE', 'PRIORITY', '_HOSTNAME', '_SYSTEMD_UNIT', '__CURSOR', '__REALTIME_TIMESTAMP']));
    expect(Object.keys(two[0]!)).not.toContain('__MONOTONIC_TIMESTAMP_NOT_A_FIELD');
    expect(ssh(`journalctl -o json --cursor=${cursor}`).stdout).toContain(cursor); // inclusive: the entry itself first
    expect(ssh(`journalctl -o json --after-cursor=${cursor}`).stdout).not.toContain(cursor);
    for (const command of [
      'journalctl -o json -n 1; id',
      'journalctl -o json -n 1 --directory=/',
      'journalctl -o json -n 1 -D /etc',
      'journalctl -o export -n 1',
      'journalctl -o json',
      'journalctl -f -o json -n 999999',
      `journalctl -o json --cursor=${cursor};id`,
      'journalctl -o json --cursor=s=1',
      'journalctl -o json -n 1 -u ../../etc/shadow',
      'journalctl -o json -n 1 -u a*',
      'journalctl -o json -n 1 -u $(id)',
      'journalctl -o json -n 1 -u',
      `journalctl -o json -n 1${' -u a'.repeat(9)}`,
      `journalctl -o json -n 1 -u ${'a'.repeat(1_100)}`,
      'journalctl  -o json -n 1',
      'journalctl --file=/etc/passwd',
    ]) {
      const result = ssh(command);
      expect(result.status, command).toBe(126);
      expect(result.stderr, command).toMatch(/logtail-wrapper: denied/);
    }
  });

  it('directly (SSH_ORIGINAL_COMMAND): each refusal names its reason, and the length limit grew for journal commands only', () => {
    const wrapper = (command: string) =>
      spawnSync(WRAPPER, ['/nonexistent', `--journal-directory=${journal.journal}`], { env: { PATH: '/usr/bin:/bin', SSH_ORIGINAL_COMMAND: command }, encoding: 'utf8', timeout: 10_000 });
    const denied: [string, RegExp][] = [
      ['journalctl -o json --cursor=s=abc', /not a journal cursor/],
      ['journalctl -o json -n 100001', /N too large/],
      ['journalctl -o json -n 1 -u -x', /not a unit or identifier name/],
      ['journalctl -o json -n 1 -t a\nid', /not an allowed command/],
      ['journalctl -o json -n 1 -x a', /not an allowed command/],
      [`journalctl -o json -n 1${' -t a'.repeat(9)}`, /more than 8/],
      [`journalctl -o json -n 1 -u ${'a'.repeat(1_010)}`, /too long/],
      [`tail -c +1 -F ${'a'.repeat(201)}`, /too long/],
    ];
    for (const [command, why] of denied) {
      const result = wrapper(command);
      expect(result.status, command).toBe(126);
      expect(result.stderr, command).toMatch(why);
    }
    // The longest request the console can make (8 names of 100 and a cursor) is accepted.
    const longest = wrapper(`journalctl -o json --cursor=${realCursor()}${` -u ${'a'.repeat(100)}`.repeat(8)}`);
    expect(longest.stderr).toBe('');
    expect(longest.status).toBe(0);
    // Journal requests work where there is no log directory at all.
    expect(wrapper('journalctl -o json -n 1').status).toBe(0);
  });

  it('a user who cannot read the journal is told why, instead of reading an empty journal', () => {
    // A copy any user may run, wherever this checkout is.
    chmodSync(scratch, 0o755);
    const wrapperCopy = path.join(scratch, 'logtail-wrapper');
    copyFileSync(WRAPPER, wrapperCopy);
    chmodSync(wrapperCopy, 0o755);
    // What journalctl itself does for such a user here: an error on these files; on a host with
    // journald, an empty journal and a hint (docs/log-hosts.md).
    const asNobody = (groups: string[], command: string, args: string[]) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', ...(groups.length ? [`--groups=${groups.join(',')}`] : ['--clear-groups']), ...args], {
        env: { PATH: '/usr/bin:/bin', SSH_ORIGINAL_COMMAND: command },
        encoding: 'utf8',
        timeout: 10_000,
      });
    const direct = asNobody([], '', ['journalctl', `--directory=${journal.journal}`, '-o', 'json', '-n', '1']);
    expect(direct.stderr).toMatch(/No journal files were opened due to insufficient permissions/);

    const run = (groups: string[], journalDir: string | null) => asNobody(groups, 'journalctl -o json -n 1', [wrapperCopy, '/nonexistent', ...(journalDir ? [`--journal-directory=${journalDir}`] : [])]);
    const outsider = run([], journal.journal);
    expect(outsider.status).toBe(126);
    expect(outsider.stderr).toBe('logtail-wrapper: denied: nobody is not in the systemd-journal group (or adm), so the journal would read as empty: on the host, run usermod -aG systemd-journal nobody\n');
    expect(run([], null).stderr).toMatch(/nobody is not in the systemd-journal group \(or adm\)/);
    // In the group, but the files of this directory belong to root alone (as journal-remote's may to its own group).
    const member = run(['systemd-journal'], journal.journal);
    expect(member.status).toBe(126);
    expect(member.stderr).toMatch(/nobody cannot read the journal file .*\.journal, so the journal would read as empty/);
    expect(run(['adm'], journal.journal).stderr).toMatch(/cannot read the journal file/);
    const closed = path.join(scratch, 'closed-journal');
    mkdirSync(closed, { mode: 0o700 });
    expect(run(['systemd-journal'], closed).stderr).toMatch(/nobody cannot read the journal directory .*closed-journal, so the journal would read as empty/);
    // In the group, the machine's own journal: journalctl runs (this machine has no journald, so nothing is in it).
    expect(run(['systemd-journal'], null).status).toBe(0);
  });
});
