import os from 'node:os';
import path from 'node:path';

import type { LogSource } from '../../backends/backend-set';
import type { SecretReader } from '../../backends/http-client';
import { createHostKeyGates } from './host-key-gate';
import { createKnownHosts } from './known-hosts';
import type { LogHostLease } from './log-host';
import { LogHostPool } from './log-host-pool';
import type { LogHostPoolOptions } from './log-host-pool';
import { nativeCryptoProblem } from './native-crypto';
import type { SshLogDefinition, SshLogin } from './ssh-connection';
import type { SshHostAccess } from './ssh-follow-loop';
import { startSshTail } from './ssh-tail';

export interface SshLogPoolOptions extends Partial<Omit<LogHostPoolOptions, 'knownHosts' | 'hostKeys'>> {
  /** The app's own known_hosts, where trusted keys are added [<state dir>/known_hosts]. */
  knownHostsFile?: string;
  /** Read, never written [~/.ssh/known_hosts]. */
  userKnownHostsFiles?: string[];
  /** How often a host whose key changed is looked at again (after known_hosts was fixed by hand). */
  changedKeyRecheckMs?: number;
}

export interface SshAccessOptions extends SshLogPoolOptions {
  /** The connections shared with the other SSH sources (the backend factory's); a pool of its own when absent. */
  pool?: LogHostPool;
}

export interface SshLogSourceOptions extends SshAccessOptions {
  initialBytes?: number;
}

/** The app's state dir when the host does not say: the browser mode's default, ~/.config/ops-console. */
export function defaultKnownHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'ops-console', 'known_hosts');
}

/** The SSH connections of every log host, with the app's known_hosts and host-key prompts. */
export function createLogHostPool(secrets: SecretReader, options: SshLogPoolOptions = {}): LogHostPool {
  const { knownHostsFile, userKnownHostsFiles, changedKeyRecheckMs = 30_000, ...rest } = options;
  const knownHosts = createKnownHosts(knownHostsFile ?? defaultKnownHostsFile(), userKnownHostsFiles ?? [path.join(os.homedir(), '.ssh', 'known_hosts')]);
  const hostKeys = createHostKeyGates(knownHosts, options.now ?? Date.now, changedKeyRecheckMs);
  return new LogHostPool(secrets, { ...rest, knownHosts, hostKeys });
}

/**
 * A log on a host reached by SSH, read through the forced-command wrapper (ops/logtail-wrapper,
 * docs/log-hosts.md). It can ask the host three things, all made by `tailCommand`: list the logs,
 * follow one from a byte, and read the rest of its rotated file. Nothing can write or run anything
 * else. Its reads are channels on the host's shared connections (`LogHostPool`).
 */
export function createSshLogSource(def: SshLogDefinition, secrets: SecretReader, options: SshLogSourceOptions = {}): LogSource {
  const { initialBytes = 64 * 1024 } = options;
  const access = sshHostAccess(def, secrets, options);
  const file = `${def.file}.log`;

  return {
    id: def.id,
    kind: 'logs',
    name: def.name ?? `${def.host} ${file}`,
    info: { id: def.id, name: file, host: def.host, service: def.service, kind: 'ssh', path: def.file },
    bufferLines: def.bufferLines,
    follow: (follower) => startSshTail({ ...access, name: def.file, hostName: def.host, initialBytes }, follower),
    trustHostKey: access.trustHostKey,
    check: (signal) =>
      access.check(signal, async (lease) => {
        const listing = await lease.collect({ kind: 'list' });
        const size = listing.stdout.split('\n').find((line) => line.startsWith(`${file}\t`))?.split('\t')[1];
        return size === undefined ? `there is no ${file} in the wrapper's log directory yet` : `${file}: ${Number(size).toLocaleString('en')} bytes`;
      }),
  };
}

/** What every SSH log source of a login has, whatever it reads there (a log file, the journal). */
export interface SshSourceAccess extends SshHostAccess {
  /** The person compared the fingerprint shown: trusted for the host:port that offered it (the log host or its jump host), for every source there. */
  trustHostKey: (fingerprint: string) => Promise<void>;
  /** "Test connection": logs in anew, asks what `ask` asks, and says what it found (and a slow transport). */
  check: (signal: AbortSignal, ask: (lease: LogHostLease) => Promise<string>) => Promise<string>;
}

/** A login's way to its host: the shared pool's connections (the factory's, or one of its own), host keys and retry pace. */
export function sshHostAccess(def: SshLogin, secrets: SecretReader, options: SshAccessOptions = {}): SshSourceAccess {
  const { pool: shared, ...poolOptions } = options;
  const { firstRetryMs = 500, maxRetryMs = 30_000, now = Date.now, random = Math.random } = options;
  const pool = shared ?? createLogHostPool(secrets, poolOptions);
  const hosts = [def, ...(def.jumpHost ? [def.jumpHost] : [])].map(({ address, port }) => ({ address, port }));
  return {
    host: pool.hostFor(def),
    hostKeys: pool.hostKeys,
    firstRetryMs,
    maxRetryMs,
    now,
    random,
    trustHostKey: (fingerprint) => pool.hostKeys.trust(fingerprint, hosts),
    async check(signal, ask) {
      // A connection of its own, so the check proves this login works now (not one made earlier).
      const own = createLogHostPool(secrets, { ...poolOptions, firstRetryMs, maxRetryMs });
      const abort = () => own.close();
      signal.addEventListener('abort', abort);
      try {
        const found = await ask(await own.hostFor(def).lease(signal));
        const slow = nativeCryptoProblem();
        return `${found}.${slow ? ` Warning: ${slow}` : ''}`;
      } finally {
        signal.removeEventListener('abort', abort);
        own.close();
      }
    },
  };
}
