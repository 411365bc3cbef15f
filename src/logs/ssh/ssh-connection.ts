import { Client as SshClient } from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';

import type { SecretReader } from '../../backends/http-client';
import { requireSecret } from '../../backends/http-client';
import type { LogSourceDefinition } from '../../contract/backend-definitions';
import { BackendUnavailableError, NotConfiguredError, describeError } from '../../errors';
import { fingerprintOf } from './known-hosts';
import type { HostAddress, KnownHosts } from './known-hosts';
import { tailCommand } from './tail-command';
import type { TailRequest } from './tail-command';

export type SshLogDefinition = Extract<LogSourceDefinition, { type: 'ssh' }>;

/** Where and as whom a log source logs in: all a log host's connections need of its definition. */
export type SshLogin = Pick<SshLogDefinition, 'address' | 'port' | 'username' | 'auth' | 'jumpHost'>;

/** How a connection logs in: a key from the secret store, or the running ssh-agent. */
export type SshAuth = Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent'>;

/** A host key that stopped the connection: shown with its fingerprint, never accepted silently. */
export class HostKeyError extends Error {
  constructor(
    readonly state: 'host-key-unknown' | 'host-key-changed',
    readonly host: HostAddress,
    readonly key: Buffer,
  ) {
    super(
      state === 'host-key-unknown'
        ? `${host.address} port ${host.port} offers a host key we have never seen (${fingerprintOf(key)}). Compare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and trust it if they match.`
        : `${host.address} port ${host.port} offers a different host key than the one known for it (${fingerprintOf(key)}). Refused: this is what a machine in the middle looks like. If the host was really reinstalled, remove its old line from known_hosts by hand.`,
    );
    this.name = 'HostKeyError';
  }

  get fingerprint(): string {
    return fingerprintOf(this.key);
  }
}

/**
 * sshd refused to open another channel on this connection: it carries its MaxSessions already
 * (sshd logs "no more sessions"). The connection itself is fine.
 */
export class SessionLimitError extends Error {
  constructor(readonly host: HostAddress) {
    super(`${host.address} port ${host.port} refused another session on this connection (its sshd's MaxSessions).`);
    this.name = 'SessionLimitError';
  }
}

// AES-GCM first: with ssh2's native add-on it is the fastest cipher OpenSSH offers (see docs/log-hosts.md).
const CIPHERS: NonNullable<NonNullable<ConnectConfig['algorithms']>['cipher']> = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes256-ctr',
];

/** What ssh2's keepalive uses: its protocol's ping, and the queue that global requests' answers are handed to in order (on a lost connection, all of them at once). */
interface Ssh2Keepalive {
  _protocol: { ping(): void };
  _callbacks: (() => void)[];
}

/** ssh2's channel-open failure ("open failed", SSH_OPEN_CONNECT_FAILED) is what sshd answers past MaxSessions. */
const OPEN_CONNECT_FAILED = 2;

/**
 * One authenticated SSH connection, to a log host or to the jump host in front of it. On a log
 * host it can only run what `tailCommand` makes: there is no other exec, no shell, no sftp; on a
 * jump host it only opens the tunnel to the log host.
 */
export class SshConnection {
  private closedBecause: string | null = null;
  private lastError = 'the connection closed';

  private constructor(
    private readonly client: SshClient,
    readonly host: HostAddress,
  ) {
    client.on('error', (error) => (this.lastError = describeError(error)));
    client.once('close', () => (this.closedBecause = this.lastError));
  }

  /** Logs in to `host` (through `via`, a tunnel from its jump host, when given), checking its key against known_hosts. */
  static open(host: HostAddress, username: string, auth: SshAuth, knownHosts: KnownHosts, via?: ClientChannel): Promise<SshConnection> {
    return connect(host, username, auth, knownHosts, via).then((client) => new SshConnection(client, host));
  }

  /** Runs one allowed request; the channel's stdout is the log's bytes, its stderr the command's notices. */
  async run(request: TailRequest): Promise<ClientChannel> {
    const command = tailCommand(request);
    return new Promise((resolve, reject) => this.client.exec(command, (error, channel) => (error ? reject(this.refusal(error)) : resolve(channel))));
  }

  private refusal(error: Error & { reason?: number }): Error {
    return error.reason === OPEN_CONNECT_FAILED && !this.closed ? new SessionLimitError(this.host) : error;
  }

  /** A jump host's tunnel to `to` (like `ssh -J`), for the log host's own connection to run in. */
  tunnel(to: HostAddress): Promise<ClientChannel> {
    return new Promise((resolve, reject) =>
      this.client.forwardOut('127.0.0.1', 0, to.address, to.port, (error, channel) =>
        error ? reject(new BackendUnavailableError(`The jump host ${this.host.address} could not reach ${to.address} port ${to.port}: ${error.message}`, { cause: error })) : resolve(channel),
      ),
    );
  }

  /**
   * Resolves once sshd has answered a keepalive sent now (the global request OpenSSH's
   * ServerAliveInterval sends, and ssh2's keepaliveInterval): it has then handled everything sent
   * before it. Resolves as well when the connection is lost meanwhile. ssh2 has no public call for
   * this: it is its own keepalive, a ping whose answer comes back in the order of its requests.
   */
  roundTrip(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const keepalive = this.client as unknown as Ssh2Keepalive;
    return new Promise((resolve) => {
      keepalive._callbacks.push(() => resolve());
      keepalive._protocol.ping();
    });
  }

  /** Called with the reason once the connection is gone, however it went (at once if it is gone already). */
  onClose(listener: (reason: string) => void): void {
    if (this.closedBecause !== null) listener(this.closedBecause);
    else this.client.once('close', () => listener(this.closedBecause ?? this.lastError));
  }

  get closed(): boolean {
    return this.closedBecause !== null;
  }

  close(): void {
    this.client.end();
  }
}

/**
 * The login a definition names, read from the secret store now (a changed secret is used by the
 * next connection). `who` names the login in messages: `SSH to logreader@web-1`.
 */
export function sshAuthOf(auth: SshLogDefinition['auth'], who: string, secrets: SecretReader): SshAuth {
  if (auth.type === 'key') {
    return {
      privateKey: requireSecret(secrets, auth.keySecret, who),
      ...(auth.passphraseSecret ? { passphrase: requireSecret(secrets, auth.passphraseSecret, who) } : {}),
    };
  }
  const agent = process.env.SSH_AUTH_SOCK;
  if (!agent) throw new NotConfiguredError(`${who} logs in with the ssh-agent, but no agent is running here (SSH_AUTH_SOCK is not set). Start one and add the key (ssh-add), or use a key from the secret store.`);
  return { agent };
}

function connect(host: HostAddress, username: string, auth: SshAuth, knownHosts: KnownHosts, sock?: ClientChannel): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let refusedKey: HostKeyError | null = null;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(refusedKey ?? new BackendUnavailableError(`SSH to ${host.address} port ${host.port}: ${error.message}`, { cause: error }));
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(new Error('the connection closed before login')));
    // Nagle off (ssh2 leaves it on): our writes are small messages each waited on (a handshake
    // step, a channel open, a window adjust), and with Nagle one sent while the last is unacked
    // waits for sshd's delayed ACK, 40 ms a time: twice per login and again per channel opened
    // after another closed (measured, docs/log-hosts.md "Speed"). A tunnel has no socket to set.
    client.once('connect', () => client.setNoDelay(true));
    const config: ConnectConfig = {
      host: host.address,
      port: host.port,
      username,
      ...auth,
      ...(sock ? { sock } : {}),
      algorithms: { cipher: CIPHERS },
      hostVerifier: (key: Buffer) => {
        const verdict = knownHosts.verify(host, key);
        if (verdict === 'trusted') return true;
        refusedKey = new HostKeyError(verdict === 'unknown' ? 'host-key-unknown' : 'host-key-changed', host, key);
        return false;
      },
      // A host that vanishes (cable, VPN, suspend) is noticed within ~15 s and reconnected.
      keepaliveInterval: 5_000,
      keepaliveCountMax: 3,
      readyTimeout: 15_000,
    };
    try {
      client.connect(config);
    } catch (error) {
      // ssh2 reads the key before connecting: a wrong passphrase or a damaged key ends up here.
      settled = true;
      reject(new NotConfiguredError(`SSH to ${host.address} port ${host.port}: the private key cannot be used (${(error as Error).message}). Check the key and its passphrase in the secret store.`, { cause: error }));
    }
  });
}
