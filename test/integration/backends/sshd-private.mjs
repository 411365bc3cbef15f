// A private OpenSSH log host for tests and benches: sshd-backend.sh in the foreground (so it is
// reaped, and stopped if this process dies), a fresh client key, and helpers to drop sessions.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../support/free-port.mjs';

const SCRIPT = path.join(import.meta.dirname, 'sshd-backend.sh');
export const SSHD_BIN = process.env.SSHD_BIN ?? '/usr/sbin/sshd';
export const MISSING_SSHD =
  `openssh-server is not installed (${SSHD_BIN} is missing), and this needs a real sshd. ` +
  'Install the Debian package: apt-get update && apt-get install -y openssh-server';

const run = (env, command) =>
  new Promise((resolve, reject) =>
    execFile('bash', [SCRIPT, command], { env, timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`sshd-backend.sh ${command}: ${stderr || error.message}`)) : resolve(stdout.trim()),
    ),
  );

/**
 * Starts sshd for the current user with a forced-command key. `dir` holds `state/`, `logs/` (the
 * wrapper's directory) and `client`/`client.pub`. Resolves once sshd listens. `jumpTo`: be a jump
 * host that only forwards to that port; `extraPublicKeys`: more authorized key lines; `journalDir`:
 * journal files the wrapper reads instead of the machine's journal. A restart passes the
 * same `dir`, `hostKey` and `port`, so a client sees the same host come back.
 */
export async function startPrivateSshd({ dir = mkdtempSync(path.join(os.tmpdir(), 'ops-sshd-')), hostKey, port: fixedPort, jumpTo, extraPublicKeys = [], journalDir } = {}) {
  if (!existsSync(SSHD_BIN)) throw new Error(MISSING_SSHD);
  const state = path.join(dir, 'state');
  const logs = path.join(dir, 'logs');
  mkdirSync(state, { recursive: true });
  mkdirSync(logs, { recursive: true });
  const clientKey = path.join(dir, 'client');
  if (!existsSync(clientKey)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops-console-test', '-f', clientKey]);
  const authorized = path.join(dir, 'authorized.pub');
  writeFileSync(authorized, [readFileSync(`${clientKey}.pub`, 'utf8').trim(), ...extraPublicKeys].join('\n') + '\n');
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const env = {
      ...process.env,
      SSHD_BIN,
      SSHD_STATE_DIR: state,
      SSHD_PORT: String(port),
      SSHD_LOG_DIR: logs,
      SSHD_CLIENT_PUBKEY: authorized,
      ...(jumpTo ? { SSHD_JUMP_TO: String(jumpTo) } : {}),
      ...(journalDir ? { SSHD_JOURNAL_DIR: journalDir } : {}),
      ...(hostKey ? { SSHD_HOST_KEY: hostKey } : {}),
    };
    const child = spawn('bash', [SCRIPT, 'start'], { env: { ...env, SSHD_FOREGROUND: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
    const code = await Promise.race([exited, (async () => { while (!/^ready \d+$/m.test(out)) await sleep(20); return null; })()]);
    if (code === 3 && attempt < 3 && !fixedPort) continue;
    if (code !== null) throw new Error(`sshd-backend.sh start exited with ${code}: ${err.trim()}`);
    const hostKeyFile = hostKey ?? path.join(state, 'host_ed25519_key');
    return {
      dir,
      port,
      logs,
      clientKey,
      username: os.userInfo().username,
      hostKeyFile,
      /** `SHA256:…` exactly as `ssh-keygen -l` prints the host key's fingerprint. */
      fingerprint: execFileSync('ssh-keygen', ['-l', '-f', `${hostKeyFile}.pub`], { encoding: 'utf8' }).split(' ')[1],
      /** Ends every open session, as a network drop would. */
      drop: () => run(env, 'drop'),
      sshdLog: () => readFileSync(path.join(state, 'sshd.log'), 'utf8'),
      async stop() {
        await run(env, 'stop');
        await Promise.race([exited, sleep(10_000)]);
      },
    };
  }
}

/** Every process's children, by parent pid, as /proc has them now. */
function processTree() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  return children;
}

const sshdPid = (sshd) => Number(readFileSync(path.join(sshd.dir, 'state', 'sshd.pid'), 'utf8'));

/** user + system CPU ticks a process has used itself (`own`) and reaped from its children (`reaped`), from /proc/<pid>/stat. */
export function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from the 3rd field, state
    return { own: Number(fields[11]) + Number(fields[12]), reaped: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return { own: 0, reaped: 0 }; // gone meanwhile: its time is its parent's now
  }
}

let ticksPerSecond = 0;
/** Milliseconds per CPU tick of /proc (1000 / CLK_TCK). */
export function msPerTick() {
  ticksPerSecond ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  return 1000 / ticksPerSecond;
}

/**
 * CPU time (ms) this sshd and everything under it (its per-connection processes, the wrapper,
 * tail) have used so far: each live process's own time and what it reaped of its children.
 */
export function cpuMsOf(sshd) {
  const children = processTree();
  let ticks = 0;
  for (const queue = [sshdPid(sshd)]; queue.length > 0; ) {
    const pid = queue.shift();
    const { own, reaped } = cpuTicks(pid);
    ticks += own + reaped;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks * msPerTick();
}

/** The client connections this sshd holds now: it forks one process for each (logged in or not). */
export function connectionsTo(sshd) {
  return (processTree().get(sshdPid(sshd)) ?? []).length;
}

/**
 * Ends every open session of all these sshds in one go (SIGKILL to each one's per-connection
 * processes and what they run), as a network blip that hits a whole fleet at once would: one pass
 * over /proc, then the kills, microseconds apart. The sshds themselves stay. Returns how many died.
 */
export function dropAtOnce(sshds) {
  const children = processTree();
  const doomed = [];
  for (const sshd of sshds) {
    const queue = [sshdPid(sshd)];
    while (queue.length > 0) {
      for (const pid of children.get(queue.shift()) ?? []) {
        doomed.push(pid);
        queue.push(pid);
      }
    }
  }
  let killed = 0;
  for (const pid of doomed) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // ended by itself meanwhile
    }
  }
  return killed;
}
