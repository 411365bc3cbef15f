import type { SecretReader } from '../../backends/http-client';
import { HandshakeLimiter } from './handshake-limiter';
import type { HostKeyGates } from './host-key-gate';
import { knownHostsName } from './known-hosts';
import type { HostAddress, KnownHosts } from './known-hosts';
import { LogHost } from './log-host';
import { SshConnection, sshAuthOf } from './ssh-connection';
import type { SshLogin } from './ssh-connection';

export interface LogHostPoolOptions {
  knownHosts: KnownHosts;
  hostKeys: HostKeyGates;
  /** Logins to one address and port at the same time [2]: well inside sshd's MaxStartups (10). */
  handshakesPerHost?: number;
  /** sshd's MaxSessions [10, its default]; a lower one is learnt when sshd refuses a session. */
  maxSessions?: number;
  /** Connections per host and login at most [16: 144 logs]. */
  maxConnections?: number;
  idleMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  random?: () => number;
}

type Endpoint = Omit<SshLogin, 'jumpHost'>;

/**
 * Every SSH log host the console reads from, one `LogHost` per host and login, shared by all the
 * sources there (and by every backend set, so a settings change keeps the connections). A jump
 * host is one too: the log hosts behind it are reached through tunnels on its connection, not a
 * connection each.
 */
export class LogHostPool {
  readonly knownHosts: KnownHosts;
  readonly hostKeys: HostKeyGates;
  private readonly hosts = new Map<string, LogHost>();
  private readonly limiters = new Map<string, HandshakeLimiter>();

  constructor(
    private readonly secrets: SecretReader,
    private readonly options: LogHostPoolOptions,
  ) {
    this.knownHosts = options.knownHosts;
    this.hostKeys = options.hostKeys;
  }

  /** The log host a source reads from (through its jump host when it has one), whatever it runs there. */
  hostFor(def: SshLogin): LogHost {
    if (!def.jumpHost) return this.endpoint(def, null);
    // The jump host is logged into with the source's own key (docs/log-hosts.md).
    return this.endpoint(def, this.endpoint({ ...def.jumpHost, auth: def.auth }, null));
  }

  /** Closes every connection (the app is quitting, or a check is done). */
  close(): void {
    for (const host of this.hosts.values()) host.close();
    this.hosts.clear();
  }

  private endpoint(endpoint: Endpoint, jump: LogHost | null): LogHost {
    const target: HostAddress = { address: endpoint.address, port: endpoint.port };
    const key = JSON.stringify([endpoint.username, knownHostsName(target), endpoint.auth, jump?.key ?? null]);
    let host = this.hosts.get(key);
    if (host) return host;
    const who = `SSH to ${endpoint.username}@${endpoint.address}`;
    const { now = Date.now, random = Math.random } = this.options;
    host = new LogHost({
      key,
      host: target,
      dial: async () => {
        const auth = sshAuthOf(endpoint.auth, who, this.secrets);
        const via = jump ? await jump.tunnel(target, new AbortController().signal) : undefined;
        return SshConnection.open(target, endpoint.username, auth, this.knownHosts, via);
      },
      handshakes: this.limiterFor(target),
      maxSessions: this.options.maxSessions ?? 10,
      maxConnections: this.options.maxConnections ?? 16,
      idleMs: this.options.idleMs ?? 10_000,
      firstRetryMs: this.options.firstRetryMs ?? 500,
      maxRetryMs: this.options.maxRetryMs ?? 30_000,
      now,
      random,
    });
    this.hosts.set(key, host);
    return host;
  }

  private limiterFor(target: HostAddress): HandshakeLimiter {
    const name = knownHostsName(target);
    let limiter = this.limiters.get(name);
    if (!limiter) this.limiters.set(name, (limiter = new HandshakeLimiter(this.options.handshakesPerHost ?? 2)));
    return limiter;
  }
}
