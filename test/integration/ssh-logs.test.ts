// The SSH log source against a real OpenSSH server (Debian 12's sshd 9.2), started here through
// test/integration/backends/sshd-backend.sh as operators are told to set a log host up
// (docs/log-hosts.md): one key, `restrict,command="ops/logtail-wrapper <dir>"`. Everything goes
// through our adapter (createSshLogSource); sshd and the wrapper are the real ones.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import { LogSourceDefinition } from '../../src/contract/backend-definitions';
import type { SshLogDefinition } from '../../src/logs/ssh/ssh-connection';
import { createLogHostPool, createSshLogSource } from '../../src/logs/ssh/ssh-log-source';
import { UnsafeLogNameError } from '../../src/logs/ssh/tail-command';
import { startPrivateSshd } from './backends/sshd-private.mjs';
import { describeSeqs, range, Recorder, waitFor, Writer } from './support/ssh-logs';

type Sshd = Awaited<ReturnType<typeof startPrivateSshd>>;
const WRAPPER = path.resolve(import.meta.dirname, '../../ops/logtail-wrapper');

let sshd: Sshd;
let knownHostsDir: string;

let passphraseKey: string;

beforeAll(async () => {
  knownHostsDir = mkdtempSync(path.join(os.tmpdir(), 'ops-known-hosts-'));
  passphraseKey = path.join(knownHostsDir, 'client-with-passphrase');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'correct horse', '-C', 'passphrase-test', '-f', passphraseKey]);
  sshd = await startPrivateSshd({ extraPublicKeys: [readFileSync(`${passphraseKey}.pub`, 'utf8').trim()] });
}, 30_000);
afterAll(async () => {
  await sshd?.stop();
  for (const dir of [sshd?.dir, knownHostsDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function definition(file: string, extra: Partial<SshLogDefinition> = {}): SshLogDefinition {
  return LogSourceDefinition.parse({
    kind: 'logs', type: 'ssh', id: `ssh-${file}`, host: 'test-host', service: 'checkout', file,
    address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key', keySecret: 'ssh.key' }, ...extra,
  }) as SshLogDefinition;
}

/** A source whose app known_hosts already trusts the private sshd (unless `knownHostsFile` is given). */
function source(file: string, knownHostsFile?: string, extra: Partial<SshLogDefinition> = {}, secrets: Record<string, string> = {}) {
  const trusted = knownHostsFile ?? path.join(knownHostsDir, `${file}-known_hosts`);
  if (!knownHostsFile) writeFileSync(trusted, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
  const vault: Record<string, string> = { 'ssh.key': readFileSync(sshd.clientKey, 'utf8'), ...secrets };
  return createSshLogSource(definition(file, extra), { reveal: (name) => vault[name] }, {
    knownHostsFile: trusted, userKnownHostsFiles: [], firstRetryMs: 100, maxRetryMs: 1_000, changedKeyRecheckMs: 1_000,
  });
}


describe('host keys', () => {
  it('holds an unknown key until the user trusts the fingerprint ssh-keygen shows, then follows', async () => {
    writeFileSync(path.join(sshd.logs, 'hk.log'), 'first INFO seq=1 line\n');
    const knownHosts = path.join(knownHostsDir, 'fresh-known_hosts');
    const logs = source('hk', knownHosts);
    const seen = new Recorder();
    const stop = logs.follow(seen);
    try {
      await waitFor(() => seen.state() === 'host-key-unknown', () => `host-key-unknown, got ${JSON.stringify(seen.statuses)}`);
      expect(seen.statuses.at(-1)!.hostKeyFingerprint).toBe(sshd.fingerprint);
      await sleep(300);
      expect(seen.lines).toEqual([]); // nothing read before the key is trusted
      await expect(logs.trustHostKey!('SHA256:AAAAnotTheKeyAAAA')).rejects.toThrow(/not the fingerprint the host offered/);
      await logs.trustHostKey!(sshd.fingerprint);
      await waitFor(() => seen.lines.length === 1, () => `the line after trusting, got ${JSON.stringify(seen.statuses)}`);
      expect(readFileSync(knownHosts, 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);
      expect(seen.statuses.map((s) => s.state)).toEqual(['connecting', 'host-key-unknown', 'live']);
    } finally {
      stop();
    }
  });

  it('refuses a changed host key, and trusting it from the app is refused too', async () => {
    const other = path.join(knownHostsDir, 'other_host_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const knownHosts = path.join(knownHostsDir, 'changed-known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${other}.pub`, 'utf8')}`);
    const logs = source('hk', knownHosts);
    const seen = new Recorder();
    const stop = logs.follow(seen);
    try {
      await waitFor(() => seen.state() === 'host-key-changed', () => `host-key-changed, got ${JSON.stringify(seen.statuses)}`);
      expect(seen.statuses.at(-1)!.hostKeyFingerprint).toBe(sshd.fingerprint);
      await expect(logs.trustHostKey!(sshd.fingerprint)).rejects.toThrow(/changed/);
      await sleep(1_500); // it looks again every second here: still refused
      expect(seen.lines).toEqual([]);
      expect(seen.statuses.filter((s) => s.state === 'host-key-changed').length).toBeGreaterThan(1);
      // The operator removes the old line and adds the real one by hand: the source comes back by itself.
      writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
      await waitFor(() => seen.lines.length === 1, () => `the line once known_hosts is fixed, got ${JSON.stringify(seen.statuses.at(-1))}`);
    } finally {
      stop();
    }
  });
  it('three sources at one host:port wait for one Accept, and known_hosts gets the key once', async () => {
    for (const name of ['one', 'two', 'three']) writeFileSync(path.join(sshd.logs, `${name}.log`), `${name} INFO seq=1 line\n`);
    const knownHosts = path.join(knownHostsDir, 'shared-known_hosts');
    const key = readFileSync(sshd.clientKey, 'utf8');
    // As the app builds them: one pool for every SSH source.
    const pool = createLogHostPool({ reveal: () => key }, { knownHostsFile: knownHosts, userKnownHostsFiles: [], firstRetryMs: 100, maxRetryMs: 1_000 });
    const sources = ['one', 'two', 'three'].map((name) => createSshLogSource(definition(name, { id: `shared-${name}` }), { reveal: () => key }, { pool }));
    const seen = sources.map(() => new Recorder());
    const stops = sources.map((logs, i) => logs.follow(seen[i]!));
    try {
      await waitFor(() => seen.every((r) => r.state() === 'host-key-unknown'), () => `three waiting for the key, got ${seen.map((r) => r.state()).join(', ')}`);
      expect(seen.map((r) => r.statuses.at(-1)!.hostKeyFingerprint)).toEqual([sshd.fingerprint, sshd.fingerprint, sshd.fingerprint]);
      await sources[1]!.trustHostKey!(sshd.fingerprint);
      await waitFor(() => seen.every((r) => r.lines.length === 1), () => `a line on each, got ${seen.map((r) => `${r.state()}:${r.lines.length}`).join(', ')}`);
      expect(readFileSync(knownHosts, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(seen.map((r) => r.lines[0])).toEqual(['one INFO seq=1 line', 'two INFO seq=1 line', 'three INFO seq=1 line']);
    } finally {
      stops.forEach((stop) => stop());
      pool.close();
    }
  });
});

describe('a log that is not there', () => {
  it('says so as the HTTP source says a 404, and goes live by itself when the file appears', async () => {
    const seen = new Recorder();
    const stop = source('appears-later').follow(seen);
    try {
      await waitFor(() => seen.statuses.some((s) => s.message?.includes('There is no appears-later.log')), () => `the missing log said, got ${JSON.stringify(seen.statuses)}`);
      const said = seen.statuses.at(-1)!;
      expect(said.state).toBe('reconnecting');
      expect(said.message).toBe("There is no appears-later.log on test-host (its log directory lists none): check the log's name. It is read from its first line as soon as it appears.");
      expect(seen.errors.at(-1)?.message).toBe(said.message); // the backend's health dot says it too
      const writer = new Writer(path.join(sshd.logs, 'appears-later.log'));
      writer.write(3);
      await waitFor(() => seen.lines.length === 3, () => `the 3 lines once it appeared, got ${seen.lines.length} ${JSON.stringify(seen.statuses.at(-1))}`);
      expect(seen.state()).toBe('live');
      expect(seen.seqs()).toEqual([1, 2, 3]);
      writer.close();
    } finally {
      stop();
    }
  });
});

describe('logging in', () => {
  it('"Test connection" says what it found, or shows the unknown key with its fingerprint', async () => {
    writeFileSync(path.join(sshd.logs, 'checked.log'), 'a INFO seq=1 x\n');
    await expect(source('checked').check(AbortSignal.timeout(15_000))).resolves.toBe('checked.log: 15 bytes.');
    await expect(source('nothing-here').check(AbortSignal.timeout(15_000))).resolves.toMatch(/there is no nothing-here\.log/);
    const unknown = source('checked', path.join(knownHostsDir, 'check-known_hosts'));
    await expect(unknown.check(AbortSignal.timeout(15_000))).rejects.toThrow(`offers a host key we have never seen (${sshd.fingerprint})`);
  });

  it('with a passphrase-protected key from the secret store; a wrong passphrase says so', async () => {
    writeFileSync(path.join(sshd.logs, 'pw.log'), 'a INFO seq=1 x\n');
    const auth = { type: 'key' as const, keySecret: 'pw.key', passphraseSecret: 'pw.passphrase' };
    const good = new Recorder();
    const stopGood = source('pw', undefined, { auth }, { 'pw.key': readFileSync(passphraseKey, 'utf8'), 'pw.passphrase': 'correct horse' }).follow(good);
    const bad = new Recorder();
    const stopBad = source('pw', undefined, { auth }, { 'pw.key': readFileSync(passphraseKey, 'utf8'), 'pw.passphrase': 'wrong' }).follow(bad);
    try {
      await waitFor(() => good.lines.length === 1 && bad.errors.length > 0, () => `a line and an error, got ${JSON.stringify(good.statuses)} ${bad.errors.join('; ')}`);
      expect(bad.errors[0]!.message).toMatch(/the private key cannot be used \(.*passphrase.*\)\. Check the key and its passphrase in the secret store\./i);
      expect(bad.errors[0]!.name).toBe('NotConfiguredError');
      expect(bad.lines).toEqual([]);
    } finally {
      stopGood();
      stopBad();
    }
  });

  it('through the ssh-agent (SSH_AUTH_SOCK)', async () => {
    writeFileSync(path.join(sshd.logs, 'agent.log'), 'a INFO seq=1 x\n');
    const socket = path.join(knownHostsDir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    const previous = process.env.SSH_AUTH_SOCK;
    const seen = new Recorder();
    let stop = () => {};
    try {
      await waitFor(() => existsSync(socket), () => 'the agent socket', 5_000);
      execFileSync('ssh-add', ['-q', sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      process.env.SSH_AUTH_SOCK = socket;
      stop = source('agent', undefined, { auth: { type: 'agent' } }).follow(seen);
      await waitFor(() => seen.lines.length === 1, () => `the line, got ${JSON.stringify(seen.statuses)} ${seen.errors.join('; ')}`);
    } finally {
      stop();
      if (previous === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = previous;
      agent.kill();
    }
  });

  it('through a jump host, whose key is checked the same way', async () => {
    writeFileSync(path.join(sshd.logs, 'jump.log'), 'a INFO seq=1 x\n');
    const bastion = await startPrivateSshd({ jumpTo: sshd.port, extraPublicKeys: [readFileSync(`${sshd.clientKey}.pub`, 'utf8').trim()] });
    const seen = new Recorder();
    const knownHosts = path.join(knownHostsDir, 'jump-known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
    const logs = source('jump', knownHosts, { jumpHost: { address: '127.0.0.1', port: bastion.port, username: sshd.username } });
    const stop = logs.follow(seen);
    try {
      await waitFor(() => seen.state() === 'host-key-unknown', () => `the bastion's key to be shown, got ${JSON.stringify(seen.statuses)}`);
      expect(seen.statuses.at(-1)!.hostKeyFingerprint).toBe(bastion.fingerprint);
      expect(seen.statuses.at(-1)!.message).toContain(`port ${bastion.port}`);
      await logs.trustHostKey!(bastion.fingerprint);
      await waitFor(() => seen.lines.length === 1, () => `the line through the bastion, got ${JSON.stringify(seen.statuses)} ${seen.errors.join('; ')}`);
      // Straight to live: the first listing through the tunnel is read whole, not taken for a drop.
      expect(seen.statuses.map((s) => s.state)).toEqual(['connecting', 'host-key-unknown', 'live']);
      expect(bastion.sshdLog()).toMatch(/Accepted publickey for \S+ from 127.0.0.1/);
    } finally {
      stop();
      await bastion.stop();
      rmSync(bastion.dir, { recursive: true, force: true });
    }
  });
});

describe('resume without gaps or duplicates', () => {
  it('10 dropped connections and 2 rotations while a writer appends: every line exactly once, in order', async () => {
    const writer = new Writer(path.join(sshd.logs, 'busy.log'));
    const seen = new Recorder();
    const stop = source('busy').follow(seen);
    try {
      await waitFor(() => seen.state() === 'live', () => 'live');
      for (let round = 1; round <= 10; round++) {
        for (let burst = 0; burst < 10; burst++) {
          writer.write(37); // 37: lines end at odd places in SSH packets
          await sleep(15);
        }
        if (round === 3 || round === 7) writer.rotate(50);
        const before = seen.statuses.length;
        await sshd.drop();
        await waitFor(() => seen.statuses.slice(before).some((s) => s.state === 'live'), () => `live again after drop ${round}`);
      }
      writer.write(100);
      await waitFor(() => seen.lines.length >= writer.seq, () => `${writer.seq} lines, got ${seen.lines.length}: ${describeSeqs(seen.seqs())} ${JSON.stringify(seen.statuses)} ${seen.errors.join('; ')}`);
      await sleep(700); // anything doubled would arrive now
      expect(seen.seqs()).toEqual(range(1, writer.seq));
      expect(seen.gaps).toEqual([]);
      // One a drop; one more when a drop also caught the session that was just coming back.
      expect(seen.statuses.filter((s) => s.state === 'reconnecting').length).toBeGreaterThanOrEqual(10);
      expect(seen.statuses.find((s) => s.state === 'reconnecting')!.message).toMatch(/Reconnecting in 0\.1 s, from byte \d+/);
    } finally {
      stop();
      writer.close();
    }
  }, 60_000);

  it('a rotation while disconnected: the rest of the old file is read from <name>.1, then the new file', async () => {
    const writer = new Writer(path.join(sshd.logs, 'away.log'));
    writer.write(20);
    const seen = new Recorder();
    const stop = source('away').follow(seen);
    try {
      await waitFor(() => seen.lines.length === 20, () => '20 lines');
      await sshd.stop();
      writer.write(30); // still into the file being read...
      writer.rotate(40); // ...then moved aside with late lines, and a new file
      writer.write(25);
      sshd = await startPrivateSshd({ dir: sshd.dir, hostKey: sshd.hostKeyFile, port: sshd.port, extraPublicKeys: [readFileSync(`${passphraseKey}.pub`, 'utf8').trim()] });
      await waitFor(() => seen.lines.length >= writer.seq, () => `${writer.seq} lines, got ${seen.lines.length}`);
      await sleep(500);
      expect(seen.seqs()).toEqual(range(1, writer.seq));
      expect(seen.gaps).toEqual([]);
    } finally {
      stop();
      writer.close();
    }
  }, 60_000);

  it('two rotations while disconnected: the lost file is an explicit gap, never a silent skip or a doubled line', async () => {
    const writer = new Writer(path.join(sshd.logs, 'twice.log'));
    writer.write(10);
    const seen = new Recorder();
    const stop = source('twice').follow(seen);
    try {
      await waitFor(() => seen.lines.length === 10, () => '10 lines');
      await sshd.stop();
      writer.write(5); // 11-15: in the first file, which ends up as twice.log.2: unreachable
      writer.rotate(0);
      writer.write(7); // 16-22: the second file, twice.log.1 after the next rotation: not ours
      writer.rotate(0);
      writer.write(4); // 23-26: the current file
      sshd = await startPrivateSshd({ dir: sshd.dir, hostKey: sshd.hostKeyFile, port: sshd.port, extraPublicKeys: [readFileSync(`${passphraseKey}.pub`, 'utf8').trim()] });
      await waitFor(() => seen.lines.length >= 14, () => `14 lines, got ${seen.lines.length}`);
      await sleep(500);
      expect(seen.seqs()).toEqual([...range(1, 10), ...range(23, 26)]);
      expect(seen.gaps).toHaveLength(1);
      expect(seen.gaps[0]!.reason).toMatch(/twice was rotated while disconnected and the rest of the old file could not be read \(twice\.log\.1 is another file\)/);
    } finally {
      stop();
      writer.close();
    }
  }, 60_000);
});

describe('read-only by construction', () => {
  const attacks = ['app; rm -rf /', 'app && id', '$(id)', 'app`id`', '../../etc/shadow', '/etc/shadow', 'app\nid', 'app.log', 'a'.repeat(65), 'a'.repeat(10_000), '-F', ' app', "app' 'x"];

  it('a log name that is not a plain name is refused before anything is sent to the host', async () => {
    const key = readFileSync(sshd.clientKey, 'utf8');
    const knownHosts = path.join(knownHostsDir, 'attack-known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
    const pool = createLogHostPool({ reveal: () => key }, { knownHostsFile: knownHosts, userKnownHostsFiles: [] });
    const session = await pool.hostFor(definition('app')).lease(AbortSignal.timeout(15_000));
    const sessionsBefore = countSessions();
    try {
      for (const name of attacks) {
        // The config cannot even name it...
        expect(LogSourceDefinition.safeParse({ ...definition('app'), file: name }).success, name).toBe(false);
        // ...and the source refuses it again at the last step, before any channel is opened.
        for (const kind of ['follow', 'rotated-rest'] as const) {
          await expect(session.run({ kind, name, from: 1 })).rejects.toBeInstanceOf(UnsafeLogNameError);
        }
      }
      for (const from of [0, -1, 1.5, Number.NaN, 2 ** 60]) await expect(session.run({ kind: 'follow', name: 'app', from })).rejects.toBeInstanceOf(UnsafeLogNameError);
      expect(countSessions()).toBe(sessionsBefore); // sshd was asked to run nothing
    } finally {
      pool.close();
    }
  });

  it('the wrapper on the host refuses them too, over a real ssh login', () => {
    writeFileSync(path.join(sshd.logs, 'app.log'), 'a INFO seq=1 x\n');
    const ssh = (command: string) =>
      spawnSync('ssh', ['-p', String(sshd.port), '-i', sshd.clientKey, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${sshd.username}@127.0.0.1`, command], { encoding: 'utf8', timeout: 15_000 });
    for (const command of ['rm -rf /', 'sh -c id', 'tail -c +1 -F app; rm x', 'tail -c +1 -F ../../etc/shadow', 'tail -c +1 -F $(id)', 'tail -c +1 -F app`id`', 'tail -c +1 /etc/shadow', 'cat app.log', `tail -c +1 -F ${'a'.repeat(300)}`]) {
      const result = ssh(command);
      expect(result.status, command).toBe(126);
      expect(result.stderr).toMatch(/logtail-wrapper: denied/);
    }
    expect(ssh('list').stdout).toMatch(/^app\.log\t15\t/m);
    expect(ssh('tail -c +3 app.1').status).toBe(1); // allowed, but there is no app.log.1: tail's own error
  });

  it('the wrapper refuses directly (SSH_ORIGINAL_COMMAND) injections, symlinks out of the directory and interactive logins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ops-wrapper-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'app.log'), 'one\ntwo\n');
    writeFileSync(path.join(dir, 'app.log.1'), 'old-1\nold-2\n');
    execFileSync('ln', ['-s', '/etc/passwd', path.join(dir, 'evil.log')]);
    const wrapper = (command: string | undefined) =>
      spawnSync(WRAPPER, [dir], { env: { PATH: '/usr/bin:/bin', ...(command === undefined ? {} : { SSH_ORIGINAL_COMMAND: command }) }, encoding: 'utf8', timeout: 5_000 });
    const denied: [string | undefined, RegExp][] = [
      [undefined, /no command/],
      ['', /no command/],
      ['tail -c +1 -F evil', /outside/],
      ['tail -c +1 -F app\nid', /not an allowed command/],
      ['tail -c +1 -F app;id', /not an allowed command/],
      ['tail -c +1 -F ..', /not an allowed command/],
      ['tail -c +0 -F app', /not an allowed command/],
      ['tail -c +1 -f app', /not an allowed command/],
      ['tail -n 100001 -F app', /N too large/],
      ['tail -c +1 app', /not an allowed command/], // the live file only with -F
      ['tail -c +1 app.2', /not an allowed command/],
      [`tail -c +1 -F ${'a'.repeat(201)}`, /too long/],
    ];
    for (const [command, why] of denied) {
      const result = wrapper(command);
      expect(result.status, JSON.stringify(command)).toBe(126);
      expect(result.stderr).toMatch(why);
    }
    expect(wrapper('tail -c +7 app.1').stdout).toBe('old-2\n');
    expect(wrapper('list').stdout.split('\n').filter(Boolean).map((l) => l.split('\t').slice(0, 2).join(' ')).sort()).toEqual(['app.log 8', 'app.log.1 12']);
  });
});

/** sshd's per-session processes right now (children of the master). */
function countSessions(): number {
  return (sshd.sshdLog().match(/Starting session/g) ?? []).length;
}
