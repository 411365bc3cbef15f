import { setTimeout as sleep } from 'node:timers/promises';

import type { ClientChannel } from 'ssh2';

import { BackendUnavailableError } from '../../errors';
import { collect } from './channel-io';
import type { Collected } from './channel-io';
import type { HandshakeLimiter } from './handshake-limiter';
import type { HostAddress } from './known-hosts';
import { HostKeyError, SessionLimitError } from './ssh-connection';
import type { SshConnection } from './ssh-connection';
import type { TailRequest } from './tail-command';

/**
 * What one log's reader holds on its host while it reads: channels on the host's shared
 * connections. Closing it ends its own channels (and what they run on the host), never the
 * connection, which carries the host's other logs.
 */
export interface LogHostLease {
  /** Runs `request` on a channel of its own; `lasting` for a follow that stays open (it leaves a session free for short requests). */
  run(request: TailRequest, options?: { lasting?: boolean }): Promise<ClientChannel>;
  /** All of a short request's output. Requests for the same thing made in the same turn share one run (twelve logs after a reconnect: one `list`). */
  collect(request: TailRequest): Promise<Collected>;
  /** Called with the reason when a connection that carried one of this lease's channels is lost. */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

/** A log host as its readers see it. */
export interface LogHostLink {
  /** Resolves once the host is connected (logging in now if nobody is); throws what stopped the login. */
  lease(signal: AbortSignal): Promise<LogHostLease>;
  /** How long until the host is tried again after a failed login; 0 when it is not failing. */
  retryInMs(): number;
}

export interface LogHostOptions {
  /** Which host and login (and jump host) this is, as the pool knows it. */
  key: string;
  host: HostAddress;
  /** Logs in once more: a new connection (through the jump host's tunnel where there is one). */
  dial: () => Promise<SshConnection>;
  /** Shared by every login to the same address and port. */
  handshakes: HandshakeLimiter;
  /** Sessions (channels running a command) sshd allows per connection: its MaxSessions, 10 by default. Learnt lower when refused. */
  maxSessions: number;
  maxConnections: number;
  /** A connection with nothing on it for this long is closed. */
  idleMs: number;
  firstRetryMs: number;
  maxRetryMs: number;
  now: () => number;
  random: () => number;
}

/** What a request needs of a connection: a session that stays, a short one, or only the connection (a lease, a tunnel). */
type Need = 'lasting' | 'brief' | 'none';

interface Pooled {
  connection: SshConnection;
  /** Sessions on it, each counted from the moment it is promised until sshd has freed it. */
  sessions: number;
  /** Of those, the ones closed that sshd may still count: it frees them once it has read our close (`release`). */
  closing: number;
  /** Of those, the ones sshd opened (and has not closed). */
  opened: number;
  /** When one last closed: sshd frees its session a moment after we see it close. */
  lastClosedAt: number;
  tunnels: number;
  limit: number;
  retiring: boolean;
  idle: NodeJS.Timeout | null;
  onLost: Set<(reason: string) => void>;
}

interface Waiter {
  need: Need;
  resolve: (pooled: Pooled) => void;
  reject: (error: unknown) => void;
}

/** How long sshd may go on counting a session after we saw it close (it frees it in a later turn of its loop). */
const SESSION_CLOSE_LAG_MS = 1_000;

const asError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason)));

/** Half the delay plus a random part of the other half: hosts that dropped together do not all come back in the same instant. */
export const jittered = (ms: number, random: () => number) => ms / 2 + (random() * ms) / 2;

/**
 * The SSH connections to one log host for one login: every log read there is a channel on them,
 * so a host with twelve logs has two connections (sshd's MaxSessions is 10 a connection, and
 * each keeps a session free for short requests), not twelve. After a blip one login at a time
 * goes to the host, and a host that keeps failing is tried again after a growing, jittered delay
 * shared by all its logs: nothing piles up in front of sshd's MaxStartups.
 */
export class LogHost implements LogHostLink {
  private readonly connections: Pooled[] = [];
  private readonly waiting: Waiter[] = [];
  private dialing = false;
  private failures = 0;
  private retryAt = 0;
  /** Sessions per connection: sshd's MaxSessions as we know it (the default until one is refused). */
  private sessionLimit: number;
  /** Short requests waiting for the next turn, to be run once for everyone who asked. */
  private readonly shared = new Map<string, Promise<Collected>>();
  private ownLease: Lease | null = null;
  /** The pool is done with this host (the core is stopping): nothing opens here again. */
  private closed = false;

  constructor(private readonly options: LogHostOptions) {
    this.sessionLimit = options.maxSessions;
  }

  get key(): string {
    return this.options.key;
  }

  async lease(signal: AbortSignal): Promise<LogHostLease> {
    await this.connectionFor('none', signal);
    return new Lease(this, signal);
  }

  retryInMs(): number {
    return Math.max(0, this.retryAt - this.options.now());
  }

  /** Connections open now (for tests and the bench: one per ten logs, not one per log). */
  get openConnections(): number {
    return this.connections.filter((pooled) => !pooled.retiring).length;
  }

  /**
   * Everything closes at once, idle connections too (they would otherwise stay up to `idleMs`),
   * and nothing opens again: the pool is done with this host. Whoever waits for a connection is
   * told so, and a login under way is closed when it lands.
   */
  close(): void {
    this.closed = true;
    // A copy: a connection that closes at once leaves `connections` while this goes over it.
    for (const pooled of [...this.connections]) {
      pooled.retiring = true;
      if (pooled.idle) clearTimeout(pooled.idle);
      pooled.connection.close();
    }
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.closedError());
  }

  private closedError(): Error {
    return new BackendUnavailableError(`The connections to ${this.options.host.address} port ${this.options.host.port} were closed: the console is stopping.`);
  }

  /** Runs `request` once for everyone who asks for it in this turn, on a lease of the host's own. */
  sharedCollect(request: TailRequest): Promise<Collected> {
    const key = JSON.stringify(request);
    let run = this.shared.get(key);
    if (!run) {
      // Joined only until it starts: whoever asks later gets an answer from after their asking.
      run = new Promise((resolve) => setImmediate(resolve)).then(async () => {
        this.shared.delete(key);
        this.ownLease ??= new Lease(this, new AbortController().signal);
        return collect(await this.ownLease.run(request));
      });
      this.shared.set(key, run);
    }
    return run;
  }

  /** A connection with room for `need`, that room taken; logs in once more when none has it. */
  connectionFor(need: Need, signal: AbortSignal): Promise<Pooled> {
    signal.throwIfAborted();
    if (this.closed) return Promise.reject(this.closedError());
    const ready = this.withRoom(need);
    if (ready) return Promise.resolve(this.take(ready, need));
    return new Promise((resolve, reject) => {
      const giveUp = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(asError(signal.reason));
      };
      const waiter: Waiter = {
        need,
        resolve: (pooled) => (signal.removeEventListener('abort', giveUp), resolve(pooled)),
        reject: (error) => (signal.removeEventListener('abort', giveUp), reject(asError(error))),
      };
      signal.addEventListener('abort', giveUp, { once: true });
      this.waiting.push(waiter);
      this.serve();
    });
  }

  /** sshd opened the session promised on `pooled`. */
  opened(pooled: Pooled): void {
    pooled.opened++;
  }

  /** A session ended (`wasOpen`), or never opened: its room is free again (for one that was open, once sshd has freed it too). */
  release(pooled: Pooled, wasOpen: boolean): void {
    if (!wasOpen) {
      pooled.sessions--;
      this.settle(pooled);
      return;
    }
    pooled.opened--;
    pooled.lastClosedAt = this.options.now();
    // sshd frees a closed session after it has handled everything it read with our close, so a
    // channel opened at once (in the same read) would be refused as one too many: "no more
    // sessions" in the host's log. Its room is free once sshd has answered a round trip sent after
    // the close. (Only a session whose command still runs stays counted longer: `refused`.)
    pooled.closing++;
    void pooled.connection.roundTrip().then(() => {
      pooled.closing--;
      pooled.sessions--;
      this.settle(pooled);
    });
  }

  /**
   * sshd refused a session on `pooled`. Just after one closed, sshd may still count it: that
   * passes ('wait'). Otherwise its MaxSessions is what it has open now, here and on every
   * connection to come ('learnt'), or it allows none at all ('none').
   */
  refused(pooled: Pooled): 'wait' | 'learnt' | 'none' {
    this.release(pooled, false);
    if (this.options.now() - pooled.lastClosedAt < SESSION_CLOSE_LAG_MS) return 'wait';
    this.sessionLimit = Math.max(1, pooled.opened);
    for (const each of this.connections) each.limit = Math.min(each.limit, this.sessionLimit);
    return pooled.opened > 0 ? 'learnt' : 'none';
  }

  /** A jump host's tunnel to `to`, on one of its connections (tunnels are not sessions: MaxSessions does not count them). */
  async tunnel(to: HostAddress, signal: AbortSignal): Promise<ClientChannel> {
    const pooled = await this.connectionFor('none', signal);
    pooled.tunnels++;
    if (pooled.idle) clearTimeout(pooled.idle);
    pooled.idle = null;
    const closed = () => {
      pooled.tunnels--;
      this.settle(pooled);
    };
    try {
      const channel = await pooled.connection.tunnel(to);
      channel.once('close', closed);
      return channel;
    } catch (error) {
      closed();
      throw error;
    }
  }

  private settle(pooled: Pooled): void {
    this.serve();
    if (pooled.sessions + pooled.tunnels > 0 || pooled.retiring || pooled.idle) return;
    pooled.idle = setTimeout(() => {
      pooled.idle = null;
      if (pooled.sessions + pooled.tunnels > 0) return;
      pooled.retiring = true;
      pooled.connection.close();
    }, this.options.idleMs).unref();
  }

  /** `once`: as it will be once sshd has freed the sessions being closed. */
  private withRoom(need: Need, once: 'now' | 'closed' = 'now'): Pooled | undefined {
    // The fullest connection that still has room: as few connections as the logs need.
    let best: Pooled | undefined;
    for (const pooled of this.connections) {
      if (pooled.retiring || pooled.connection.closed) continue;
      const kept = need === 'lasting' && pooled.limit > 2 ? 1 : 0; // a session left for `list` and the rotated rest
      const sessions = once === 'closed' ? pooled.sessions - pooled.closing : pooled.sessions;
      if (need !== 'none' && sessions >= pooled.limit - kept) continue;
      if (!best || pooled.sessions > best.sessions) best = pooled;
    }
    return best;
  }

  private take(pooled: Pooled, need: Need): Pooled {
    if (need === 'none') return pooled; // a lease or a tunnel: counted once it has something open
    pooled.sessions++;
    if (pooled.idle) clearTimeout(pooled.idle);
    pooled.idle = null;
    return pooled;
  }

  private serve(): void {
    for (const waiter of [...this.waiting]) {
      const pooled = this.withRoom(waiter.need);
      if (!pooled) continue;
      this.waiting.splice(this.waiting.indexOf(waiter), 1);
      waiter.resolve(this.take(pooled, waiter.need));
    }
    const open = this.connections.filter((pooled) => !pooled.retiring).length;
    // Room that a closing session frees in a round trip is waited for, not logged in for.
    const unplaced = this.waiting.some((waiter) => !this.withRoom(waiter.need, 'closed'));
    if (unplaced && !this.dialing && !this.closed && open < this.options.maxConnections) void this.dial();
  }

  private async dial(): Promise<void> {
    this.dialing = true;
    try {
      const wait = this.retryInMs();
      if (wait > 0) await sleep(wait, undefined, { ref: false });
      if (this.waiting.length === 0) return;
      const done = await this.options.handshakes.acquire();
      let connection: SshConnection;
      try {
        connection = await this.options.dial();
      } finally {
        done();
      }
      if (this.closed) {
        connection.close(); // logged in while the console was stopping: nobody is left to read here
        return;
      }
      this.failures = 0;
      this.retryAt = 0;
      this.adopt(connection);
    } catch (error) {
      // A host key waits for a person, not for a timer: that login is tried again once it is trusted.
      if (!(error instanceof HostKeyError)) {
        this.failures++;
        const { firstRetryMs, maxRetryMs, random, now } = this.options;
        this.retryAt = now() + jittered(Math.min(maxRetryMs, firstRetryMs * 2 ** (this.failures - 1)), random);
      }
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    } finally {
      this.dialing = false;
      this.serve();
    }
  }

  private adopt(connection: SshConnection): void {
    const pooled: Pooled = { connection, sessions: 0, closing: 0, opened: 0, lastClosedAt: 0, tunnels: 0, limit: this.sessionLimit, retiring: false, idle: null, onLost: new Set() };
    this.connections.push(pooled);
    connection.onClose((reason) => {
      this.connections.splice(this.connections.indexOf(pooled), 1);
      // Lost, not closed for idling: its logs come back together (one login, one list) after a
      // jittered pause, so hosts that dropped together do not all log in in the same instant.
      if (!pooled.retiring) this.retryAt = Math.max(this.retryAt, this.options.now() + jittered(this.options.firstRetryMs, this.options.random));
      if (pooled.idle) clearTimeout(pooled.idle);
      for (const listener of pooled.onLost) listener(reason);
      pooled.onLost.clear();
    });
    this.settle(pooled);
  }
}

class Lease implements LogHostLease {
  private readonly channels = new Set<ClientChannel>();
  private readonly watched = new Set<Pooled>();
  private readonly listeners: ((reason: string) => void)[] = [];
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;
  private closed = false;

  constructor(
    private readonly host: LogHost,
    outer: AbortSignal,
  ) {
    this.signal = AbortSignal.any([outer, this.controller.signal]);
  }

  async run(request: TailRequest, { lasting = false } = {}): Promise<ClientChannel> {
    for (;;) {
      const pooled = await this.host.connectionFor(lasting ? 'lasting' : 'brief', this.signal);
      let channel: ClientChannel;
      try {
        channel = await pooled.connection.run(request);
      } catch (error) {
        if (!(error instanceof SessionLimitError)) {
          this.host.release(pooled, false);
          throw error;
        }
        const verdict = this.host.refused(pooled);
        if (verdict === 'none') throw new BackendUnavailableError(`${error.message} It allows none, so no log can be read there.`, { cause: error });
        if (verdict === 'wait') await sleep(100, undefined, { signal: this.signal });
        continue; // on a connection with room, or a new one
      }
      this.host.opened(pooled);
      this.channels.add(channel);
      this.watched.add(pooled);
      pooled.onLost.add(this.lost);
      channel.once('close', () => {
        this.channels.delete(channel);
        this.host.release(pooled, true);
      });
      if (this.closed) channel.close(); // closed while it was opening: nothing may stay open on the host
      return channel;
    }
  }

  collect(request: TailRequest): Promise<Collected> {
    return this.host.sharedCollect(request);
  }

  onClose(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
    for (const channel of this.channels) channel.close();
    for (const pooled of this.watched) pooled.onLost.delete(this.lost);
  }

  private readonly lost = (reason: string) => {
    for (const listener of this.listeners) listener(reason);
  };
}
