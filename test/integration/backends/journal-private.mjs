// A private central journal for tests and benches, as docs/log-hosts.md describes one: Debian's
// systemd-journal-remote takes the hosts' entries (POST /upload, the journal export format) into a
// directory of journal files, and systemd-journal-gatewayd serves that directory over HTTP. Both
// run here without systemd as PID 1, on loopback ports of our choosing (gatewayd started on its
// own binds every interface on 19531: systemd-socket-activate hands it one socket instead).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../support/free-port.mjs';

export const JOURNAL_REMOTE = '/lib/systemd/systemd-journal-remote';
export const JOURNAL_GATEWAYD = '/lib/systemd/systemd-journal-gatewayd';
export const SOCKET_ACTIVATE = '/usr/bin/systemd-socket-activate';
export const MISSING_JOURNAL_REMOTE =
  `systemd-journal-remote is not installed (${JOURNAL_REMOTE} is missing), and this needs the real journal daemons. ` +
  'Install the Debian package: apt-get update && apt-get install -y systemd-journal-remote';

/**
 * One entry in the journal export format (what systemd-journal-upload sends): `FIELD=value`
 * lines, or for a value with a newline or other bytes `FIELD\n<64-bit LE length><bytes>\n`.
 */
export function exportEntry({ host, message, micros = Date.now() * 1000, unit, identifier, priority, pid = 4242, bootId = 'b'.repeat(32), extra = {} }) {
  const realtime = micros;
  const fields = [
    ['__REALTIME_TIMESTAMP', String(realtime)],
    ['__MONOTONIC_TIMESTAMP', String(realtime % 1e12)],
    ['_BOOT_ID', bootId],
    ['_HOSTNAME', host],
    ['_PID', String(pid)],
    ...(unit ? [['_SYSTEMD_UNIT', unit]] : []),
    ...(identifier ? [['SYSLOG_IDENTIFIER', identifier]] : []),
    ...(priority === undefined ? [] : [['PRIORITY', String(priority)]]),
    ...Object.entries(extra),
    ['MESSAGE', message],
  ];
  const parts = [];
  for (const [name, value] of fields) {
    const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
    if (bytes.includes(0x0a) || Buffer.isBuffer(value)) {
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(bytes.length));
      parts.push(Buffer.from(`${name}\n`), length, bytes, Buffer.from('\n'));
    } else {
      parts.push(Buffer.from(`${name}=`), bytes, Buffer.from('\n'));
    }
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Starts `command` and resolves once `port` takes connections; rejects with its output if it exits first. */
async function startListening(command, args, port) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = null;
  void exited.then((end) => (gone = end));
  const deadline = Date.now() + 15_000;
  while (!(await portOpen(port))) {
    if (gone) throw Object.assign(new Error(`${path.basename(command)} exited (${gone.code ?? gone.signal}): ${output.trim()}`), { taken: /in use/i.test(output) });
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${path.basename(command)} did not listen on 127.0.0.1:${port} within 15 s: ${output.trim()}`);
    }
    await sleep(20);
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts systemd-journal-remote (receiving on `remotePort`, writing `dir/journal/`) and
 * systemd-journal-gatewayd serving that directory on `gatewayPort`, both on 127.0.0.1.
 */
export async function startCentralJournal({ dir = mkdtempSync(path.join(os.tmpdir(), 'ops-journal-')) } = {}) {
  if (!existsSync(JOURNAL_REMOTE) || !existsSync(JOURNAL_GATEWAYD)) throw new Error(MISSING_JOURNAL_REMOTE);
  const journal = path.join(dir, 'journal');
  mkdirSync(journal, { recursive: true });
  // Open to look into, like /var/log/journal: only the files' own modes decide who reads them.
  chmodSync(dir, 0o755);
  chmodSync(journal, 0o755);
  const listen = async (start) => {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        return { port, server: await start(port) };
      } catch (error) {
        if (!error.taken || attempt >= 3) throw error;
      }
    }
  };
  const startRemote = (port) => startListening(JOURNAL_REMOTE, [`--listen-http=127.0.0.1:${port}`, `--output=${journal}/`], port);
  const startGateway = (port) => startListening(SOCKET_ACTIVATE, ['-l', `127.0.0.1:${port}`, JOURNAL_GATEWAYD, '-D', journal], port);
  let remote = await listen(startRemote);
  let gateway = await listen(startGateway);
  return {
    dir,
    /** The journal files' directory (journalctl --directory, the wrapper's --journal-directory). */
    journal,
    gatewayUrl: `http://127.0.0.1:${gateway.port}`,
    /** POSTs export-format entries to journal-remote, as systemd-journal-upload does; resolves once it answered. */
    async upload(entries) {
      const response = await fetch(`http://127.0.0.1:${remote.port}/upload`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/vnd.fdo.journal' },
        body: Buffer.concat(entries),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`systemd-journal-remote answered ${response.status}: ${text}`);
    },
    /** Kills gatewayd (its open streams break off); `startGateway` brings it back on the same port. */
    stopGateway: () => gateway.server.stop(),
    async startGateway() {
      gateway = { port: gateway.port, server: await startGateway(gateway.port) };
    },
    /**
     * What `journalctl --vacuum-*` does to a journal nobody reads for a while: both daemons
     * stopped, every journal file deleted, both started again on the same ports (empty).
     */
    async vacuum() {
      await gateway.server.stop();
      await remote.server.stop();
      for (const file of readdirSync(journal)) rmSync(path.join(journal, file), { force: true });
      remote = { port: remote.port, server: await startRemote(remote.port) };
      gateway = { port: gateway.port, server: await startGateway(gateway.port) };
    },
    async stop() {
      await gateway.server.stop();
      await remote.server.stop();
    },
  };
}
