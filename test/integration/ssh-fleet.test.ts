// Hosts with many logs, against real sshds with their default limits (MaxStartups 10:30:100,
// MaxSessions 10): 3 hosts × 12 logs × 100 lines/s through one pool, as the app reads them, and
// every session killed at once. Every line arrives once, every log is live again, and each
// sshd's own log shows what reached it: two logins after the blip (not twelve) and no handshake
// dropped past MaxStartups. (How fast they come back is the fleet bench's figure.)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { LogSourceDefinition } from '../../src/contract/backend-definitions';
import type { SshLogDefinition } from '../../src/logs/ssh/ssh-connection';
import { createLogHostPool, createSshLogSource } from '../../src/logs/ssh/ssh-log-source';
import { dropAtOnce, startPrivateSshd } from './backends/sshd-private.mjs';
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
