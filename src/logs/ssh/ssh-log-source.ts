import os from 'node:os';
import path from 'node:path';

import type { LogSource } from '../../backends/backend-set';
import type { SecretReader } from '../../backends/http-client';
import { collect } from './channel-io';
import { createHostKeyGate } from './host-key-gate';
import { createKnownHosts } from './known-hosts';
import { nativeCryptoProblem } from './native-crypto';
import type { SshHostAccess } from './ssh-follow-loop';
import { LogHostSession } from './ssh-session';
import type { SshLogDefinition, SshLogin } from './ssh-session';
import { startSshTail } from './ssh-tail';

export interface SshLogSourceOptions {
  /** The app's own known_hosts, where trusted keys are added [<state dir>/known_hosts]. */
  knownHostsFile?: string;
  /** Read, never written [~/.ssh/known_hosts]. */
  userKnownHostsFiles?: string[];
  initialBytes?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** How often a host whose key changed is looked at again (after known_hosts was fixed by hand). */
  changedKeyRecheckMs?: number;
  now?: () => number;
}

/** The app's state dir when the host does not say: the browser mode's default, ~/.config/ops-console. */
export function defaultKnownHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'ops-console', 'known_hosts');
}

/**
 * A log on a host reached by SSH, read through the forced-command wrapper (ops/logtail-wrapper,
 * docs/log-hosts.md). It can ask the host three things, all made by `tailCommand`: list the logs,
 * follow one from a byte, and read the rest of its rotated file. Nothing can write or run anything else.
 */
export function createSshLogSource(def: SshLogDefinition, secrets: SecretReader, options: SshLogSourceOptions = {}): LogSource {
  const { initialBytes = 64 * 1024 } = options;
  const access = sshHostAccess(def, secrets, options);
  const { hostKeys } = access;
  const file = `${def.file}.log`;

  return {
    id: def.id,
    kind: 'logs',
    name: def.name ?? `${def.host} ${file}`,
    info: { id: def.id, name: file, host: def.host, service: def.service, kind: 'ssh', path: def.file },
    bufferLines: def.bufferLines,
    follow: (follower) => startSshTail({ ...access, name: def.file, initialBytes }, follower),
    trustHostKey: (fingerprint) => hostKeys.trust(fingerprint),

    check: (signal) =>
      checkOverSsh(access, signal, async (session) => {
        const listing = await collect(await session.run({ kind: 'list' }));
        const size = listing.stdout.split('\n').find((line) => line.startsWith(`${file}\t`))?.split('\t')[1];
        return size === undefined ? `there is no ${file} in the wrapper's log directory yet` : `${file}: ${Number(size).toLocaleString('en')} bytes`;
      }),
  };
}

/** What every SSH log source starts from: its login, known_hosts and retry pace. */
export function sshHostAccess(def: SshLogin, secrets: SecretReader, options: SshLogSourceOptions = {}): SshHostAccess {
  const { firstRetryMs = 500, maxRetryMs = 30_000, changedKeyRecheckMs = 30_000, now = Date.now } = options;
  const knownHosts = createKnownHosts(options.knownHostsFile ?? defaultKnownHostsFile(), options.userKnownHostsFiles ?? [path.join(os.homedir(), '.ssh', 'known_hosts')]);
  return {
    open: () => LogHostSession.open(def, secrets, knownHosts),
    hostKeys: createHostKeyGate(knownHosts, now, changedKeyRecheckMs),
    firstRetryMs,
    maxRetryMs,
    now,
  };
}

/** "Test connection": logs in, asks what `ask` asks, and says what it found (and a slow transport). */
export async function checkOverSsh(access: SshHostAccess, signal: AbortSignal, ask: (session: LogHostSession) => Promise<string>): Promise<string> {
  const session = await access.open();
  const stop = () => session.close();
  signal.addEventListener('abort', stop);
  try {
    const found = await ask(session);
    const slow = nativeCryptoProblem();
    return `${found}.${slow ? ` Warning: ${slow}` : ''}`;
  } finally {
    signal.removeEventListener('abort', stop);
    session.close();
  }
}
