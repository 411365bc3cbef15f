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
/** What logging in to a log host needs, whatever it is asked then: a log file or its journal. */
export type SshLogin = Pick<SshLogDefinition, 'id' | 'name' | 'address' | 'port' | 'username' | 'auth' | 'jumpHost'>;

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

// AES-GCM first: with ssh2's native add-on it is the fastest cipher OpenSSH offers (see docs/log-hosts.md).
const CIPHERS: NonNullable<NonNullable<ConnectConfig['algorithms']>['cipher']> = [
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes256-ctr',
];

/**
 * One authenticated SSH connection to a log host (through its jump host when there is one). It
 * can only run what `tailCommand` makes: there is no other exec, no shell, no sftp, no forwarding
 * beyond the one hop to the log host.
 */
export class LogHostSession {
  private constructor(
    private readonly client: SshClient,
    private readonly jump: SshClient | null,
  ) {}

  static async open(def: SshLogin, secrets: SecretReader, knownHosts: KnownHosts): Promise<LogHostSession> {
    const auth = authOf(def, secrets);
    const target = { address: def.address, port: def.port };
    if (!def.jumpHost) return new LogHostSession(await connect(target, def.username, auth, knownHosts), null);
    const jump = await connect(def.jumpHost, def.jumpHost.username, auth, knownHosts);
    try {
      const tunnel = await new Promise<ClientChannel>((resolve, reject) =>
        jump.forwardOut('127.0.0.1', 0, def.address, def.port, (error, channel) => (error ? reject(error) : resolve(channel))),
      );
      const client = await connect(target, def.username, auth, knownHosts, tunnel);
      client.once('close', () => jump.end());
      return new LogHostSession(client, jump);
    } catch (error) {
      jump.end();
      throw error instanceof HostKeyError || error instanceof BackendUnavailableError
        ? error
        : new BackendUnavailableError(`The jump host ${def.jumpHost.address} could not reach ${def.address} port ${def.port}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Runs one allowed request; the channel's stdout is the log's bytes, its stderr tail's notices. */
  async run(request: TailRequest): Promise<ClientChannel> {
    const command = tailCommand(request);
    return new Promise((resolve, reject) => this.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel))));
  }

  /** Called with the reason once the connection is gone, however it went. */
  onClose(listener: (reason: string) => void): void {
    let reason = 'the connection closed';
    this.client.on('error', (error) => (reason = describeError(error)));
    this.client.once('close', () => listener(reason));
  }

  close(): void {
    this.client.end();
    this.jump?.end();
  }
}

function authOf(def: SshLogin, secrets: SecretReader): Pick<ConnectConfig, 'privateKey' | 'passphrase' | 'agent'> {
  const name = def.name ?? def.id;
  if (def.auth.type === 'key') {
    return {
      privateKey: requireSecret(secrets, def.auth.keySecret, name),
      ...(def.auth.passphraseSecret ? { passphrase: requireSecret(secrets, def.auth.passphraseSecret, name) } : {}),
    };
  }
  const agent = process.env.SSH_AUTH_SOCK;
  if (!agent) throw new NotConfiguredError(`${name} logs in with the ssh-agent, but no agent is running here (SSH_AUTH_SOCK is not set). Start one and add the key (ssh-add), or use a key from the secret store.`);
  return { agent };
}

function connect(host: HostAddress, username: string, auth: ConnectConfig, knownHosts: KnownHosts, sock?: ClientChannel): Promise<SshClient> {
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
