// Hosts with many logs, against real sshds with their default limits (MaxStartups 10:30:100,
// MaxSessions 10): 3 hosts × 12 logs × 100 lines/s through one pool, as the app reads them, and
// every session killed at once. Every line arrives once, every log is live again, and each
// sshd's own log shows what reached it: two logins after the blip (not twelve) and no handshake
// dropped past MaxStartups. (How fast they come back is the fleet bench's figure.)
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createBackendFactory } from '../../src/backends/create-backend-set';
import { parseConfigText } from '../../src/config/config-file';
import { createMemorySecretVault } from '../../src/config/secret-vault';
import { createMemorySettingsStore } from '../../src/config/settings';
import { LogSourceDefinition } from '../../src/contract/backend-definitions';
import type { LogSourceStatus } from '../../src/contract/wire-types';
import { composeCore } from '../../src/host/compose-core';
import { createLogger } from '../../src/log';
import type { SshLogDefinition } from '../../src/logs/ssh/ssh-connection';
import { createLogHostPool, createSshLogSource } from '../../src/logs/ssh/ssh-log-source';
import { connectionsTo, dropAtOnce, startPrivateSshd } from './backends/sshd-private.mjs';
import type { PrivateSshd } from './backends/sshd-private.mjs';
import { describeSeqs, range, Recorder, waitFor, Writer } from './support/ssh-logs';

const HOSTS = 3;
const LOGS_PER_HOST = 12;
const LINES_PER_S = 100;

let sshds: PrivateSshd[] = [];

beforeAll(async () => {
  sshds = await Promise.all(Array.from({ length: HOSTS }, () => startPrivateSshd()));
}, 60_000);
afterAll(async () => {
  await Promise.all(sshds.map((sshd) => sshd.stop()));
  for (const sshd of sshds) rmSync(sshd.dir, { recursive: true, force: true });
});

const logins = (sshd: PrivateSshd) => (sshd.sshdLog().match(/Accepted publickey for /g) ?? []).length;
const refusedHandshakes = (sshd: PrivateSshd) => sshd.sshdLog().match(/.*past MaxStartups.*/g) ?? [];
const sessionsRefused = (sshd: PrivateSshd) => sshd.sshdLog().match(/.*no more sessions.*/g) ?? [];

it('3 hosts × 12 logs × 100 lines/s, every session killed at once: every line once, all live again, two logins a host and none refused', async () => {
  const knownHosts = path.join(sshds[0]!.dir, 'fleet-known_hosts');
  writeFileSync(knownHosts, sshds.map((sshd) => `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`).join(''));
  const keys = new Map(sshds.map((sshd) => [`key-${sshd.port}`, readFileSync(sshd.clientKey, 'utf8')]));
  const secrets = { reveal: (name: string) => keys.get(name) };
  const pool = createLogHostPool(secrets, { knownHostsFile: knownHosts, userKnownHostsFiles: [], firstRetryMs: 500, maxRetryMs: 5_000 });

  const logs = sshds.flatMap((sshd, host) =>
    Array.from({ length: LOGS_PER_HOST }, (_, i) => {
      const file = `app${i}`;
      const definition = LogSourceDefinition.parse({
        kind: 'logs', type: 'ssh', id: `web-${host + 1}-${file}`, host: `web-${host + 1}`, service: 'web', file,
        address: '127.0.0.1', port: sshd.port, username: sshd.username, auth: { type: 'key', keySecret: `key-${sshd.port}` },
      }) as SshLogDefinition;
      return { sshd, writer: new Writer(path.join(sshd.logs, `${file}.log`)), seen: new Recorder(), source: createSshLogSource(definition, secrets, { pool }) };
    }),
  );
  const ticker = setInterval(() => logs.forEach((log) => log.writer.write(1)), 1_000 / LINES_PER_S);
  const stops = logs.map((log) => log.source.follow(log.seen));
  const summary = () => logs.map((log) => `${log.source.id}: ${log.seen.state()} ${log.seen.lines.length}/${log.writer.seq}`).join('; ');
  try {
    await waitFor(() => logs.every((log) => log.seen.state() === 'live' && log.seen.lines.length > 0), () => `every log live with lines: ${summary()}`);
    expect(sshds.map(logins)).toEqual([2, 2, 2]); // 12 logs a host: 9 + 3 sessions on two connections
    const marks = logs.map((log) => log.seen.lines.length);
    await waitFor(() => logs.every((log, i) => log.seen.lines.length >= marks[i]! + 50), () => `half a second more of every log: ${summary()}`);

    const statusesBefore = logs.map((log) => log.seen.statuses.length);
    expect(dropAtOnce(sshds)).toBeGreaterThanOrEqual(HOSTS * (LOGS_PER_HOST + 2));
    const cameBack = () => logs.every((log, i) => {
      const since = log.seen.statuses.slice(statusesBefore[i]);
      return since.some((s) => s.state === 'reconnecting') && since.at(-1)!.state === 'live';
    });
    await waitFor(cameBack, () => `every log live again after the blip: ${summary()}`);
    const marksAfter = logs.map((log) => log.seen.lines.length);
    await waitFor(() => logs.every((log, i) => log.seen.lines.length >= marksAfter[i]! + 50), () => `lines after the blip on every log: ${summary()}`);
  } finally {
    clearInterval(ticker);
  }
  try {
    await waitFor(() => logs.every((log) => log.seen.lines.length >= log.writer.seq), () => `every line written: ${summary()}`);
    for (const log of logs) {
      expect(log.seen.seqs(), `${log.source.id}: ${describeSeqs(log.seen.seqs())}`).toEqual(range(1, log.writer.seq));
      expect(log.seen.gaps).toEqual([]);
    }
    expect(sshds.map((sshd) => logins(sshd))).toEqual([4, 4, 4]); // two logins each after the blip, not twelve
    expect(sshds.flatMap(refusedHandshakes)).toEqual([]);
    expect(sshds.flatMap(sessionsRefused)).toEqual([]);
  } finally {
    stops.forEach((stop) => stop());
    logs.forEach((log) => log.writer.close());
    pool.close();
  }
}, 120_000);

it('a stopped core leaves no SSH connection on the host: its idle connections close with it', async () => {
  const sshd = sshds[0]!;
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'ops-core-stop-'));
  writeFileSync(path.join(stateDir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${readFileSync(`${sshd.hostKeyFile}.pub`, 'utf8')}`);
  // 12 logs of one host, as a person configures them: two connections.
  const files = Array.from({ length: LOGS_PER_HOST }, (_, i) => `app${i}`);
  for (const file of files) appendFileSync(path.join(sshd.logs, `${file}.log`), '');
  const config = parseConfigText('config.yaml', JSON.stringify({
    logs: [{ type: 'ssh', service: 'web', hosts: ['127.0.0.1'], port: sshd.port, files, username: sshd.username, auth: { type: 'key', keySecret: 'fleet.key' } }],
  }));
  expect(config.status.error).toBeNull();
  const secretVault = createMemorySecretVault({ seed: { 'fleet.key': readFileSync(sshd.clientKey, 'utf8') }, note: 'test' });
  const core = composeCore({
    host: 'in-process', version: '0.0.0-test', settingsStore: createMemorySettingsStore(), secretVault, logger: createLogger(() => undefined), config, stateDir,
    // Idle connections would be kept for 10 minutes: only stopping can close them within the test.
    factory: createBackendFactory({ reveal: (name) => secretVault.reveal(name) }, { stateDir, sshIdleMs: 600_000 }),
  });
  const statuses = async () => {
    const answer = (await core.dispatch('logs.sources', {})) as { ok: boolean; value: { status: LogSourceStatus }[] };
    return answer.value.map((entry) => entry.status.state);
  };
  let seen: string[] = [];
  core.start();
  try {
    await waitFor(async () => (seen = await statuses()).length === LOGS_PER_HOST && seen.every((state) => state === 'live'), () => `every log live: ${seen.join(', ')}`);
    expect(connectionsTo(sshd)).toBe(2);
  } finally {
    await core.stop();
  }
  await waitFor(() => connectionsTo(sshd) === 0, () => `no connection left, ${connectionsTo(sshd)} open`);
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);
