// One log host's shared SSH connections against scripted connections, for what a real sshd shows
// only under load: how many logins reach it, how many sessions each connection carries, what a
// refusal or a failing host does to the logs waiting on it. (The real sshds: test/integration/ssh-fleet.test.ts.)
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import { BackendUnavailableError } from '../../../../../src/errors';
import { HandshakeLimiter } from '../../../../../src/logs/ssh/handshake-limiter';
import { LogHost } from '../../../../../src/logs/ssh/log-host';
import type { LogHostLease } from '../../../../../src/logs/ssh/log-host';
import { SessionLimitError } from '../../../../../src/logs/ssh/ssh-connection';
import type { SshConnection } from '../../../../../src/logs/ssh/ssh-connection';
import type { TailRequest } from '../../../../../src/logs/ssh/tail-command';
import { waitFor } from '../wait-for';
import { FakeChannel } from './fake-channel';

const WEB_1 = { address: 'web-1', port: 22 };

/**
 * A connection as sshd treats one: at most `maxSessions` sessions, all of them closed when it
 * drops. Like sshd, it frees a closed session only once it has read past the close: a channel
 * opened right after it still finds it counted, one opened after a round trip does not.
 */
class FakeConnection {
  readonly host = WEB_1;
  readonly channels: FakeChannel[] = [];
  readonly requests: TailRequest[] = [];
  /** Channels refused past `maxSessions` (sshd logs "no more sessions"). */
  refused = 0;
  closed = false;
  private readonly listeners: ((reason: string) => void)[] = [];
  /** Closed on our side, still counted by sshd. */
  private readonly unfreed = new Set<FakeChannel>();

  constructor(private readonly maxSessions: number) {}

  get open(): number {
    return this.channels.filter((channel) => !channel.isClosed).length;
  }

  async run(request: TailRequest) {
    await sleep(1);
    if (this.closed) throw new Error('No response from server');
    if (this.open + this.unfreed.size >= this.maxSessions) {
      this.refused++;
      throw new SessionLimitError(this.host);
    }
    const channel = new FakeChannel();
    channel.once('close', () => this.unfreed.add(channel));
    this.channels.push(channel);
    this.requests.push(request);
    if (request.kind === 'list') setImmediate(() => (channel.data('app.log\t10\t0\t7\n'), channel.finish(0)));
    return channel.asChannel();
  }

  async roundTrip() {
    const read = [...this.unfreed];
    await sleep(1);
    for (const channel of read) this.unfreed.delete(channel);
  }

  onClose(listener: (reason: string) => void) {
    this.listeners.push(listener);
  }

  /** Lost as when sshd's session process is killed: every channel closes, then the connection. */
  drop(reason = 'read ECONNRESET') {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels) channel.finish(null);
    for (const listener of this.listeners) listener(reason);
  }

  close() {
    this.drop('the connection closed');
  }
}

interface Setup {
  /** sshd's MaxSessions on this host [10]. */
  sshdMaxSessions?: number;
  /** Logins refused before one works. */
  refusedLogins?: number;
  idleMs?: number;
  limiter?: HandshakeLimiter;
  loginMs?: number;
}

function logHost({ sshdMaxSessions = 10, refusedLogins = 0, idleMs = 60_000, limiter = new HandshakeLimiter(2), loginMs = 5 }: Setup = {}) {
  const logins = { started: [] as number[], failedAt: [] as number[], active: 0, mostAtOnce: 0, connections: [] as FakeConnection[] };
  const host = new LogHost({
    key: 'web-1',
    host: WEB_1,
    dial: async () => {
      logins.started.push(Date.now());
      logins.mostAtOnce = Math.max(logins.mostAtOnce, ++logins.active);
      await sleep(loginMs);
      logins.active--;
      if (refusedLogins-- > 0) {
        logins.failedAt.push(Date.now());
        throw new BackendUnavailableError('SSH to web-1 port 22: connect ECONNREFUSED');
      }
      const connection = new FakeConnection(sshdMaxSessions);
      logins.connections.push(connection);
      return connection as unknown as SshConnection;
    },
    handshakes: limiter,
    maxSessions: 10,
    maxConnections: 16,
    idleMs,
    firstRetryMs: 40,
    maxRetryMs: 1_000,
    now: Date.now,
    random: () => 0.5,
  });
  return { host, logins };
}

const follow = (name: string): TailRequest => ({ kind: 'follow', name, from: 1 });
const signal = () => new AbortController().signal;

/** `count` logs on the host, each following on a lease of its own. */
async function followLogs(host: LogHost, count: number): Promise<LogHostLease[]> {
  const leases = await Promise.all(Array.from({ length: count }, () => host.lease(signal())));
  await Promise.all(leases.map((lease, i) => lease.run(follow(`log${i}`), { lasting: true })));
  return leases;
}

describe('one log host, many logs', () => {
  it('twelve logs share two connections (nine and three), logged into one at a time, and a list still finds a session free', async () => {
    const { host, logins } = logHost();
    const leases = await followLogs(host, 12);
    expect(logins.started).toHaveLength(2);
    expect(logins.mostAtOnce).toBe(1);
    expect(logins.connections.map((c) => c.open)).toEqual([9, 3]);
    const listing = await leases[0]!.collect({ kind: 'list' });
    expect(listing.stdout).toContain('app.log');
    expect(logins.started).toHaveLength(2);
  });

  it('a session that just closed is not reused before sshd has freed it: a full connection waits a round trip, with no refusal and no login more', async () => {
    const { host, logins } = logHost();
    const leases = await followLogs(host, 9);
    const connection = logins.connections[0]!;
    // The ninth follow leaves the tenth session to short requests; two in a row, as a reconnect's
    // lists can come: the second is asked for as the first closes, in the same turn.
    const first = await leases[0]!.collect({ kind: 'list' });
    const second = await leases[1]!.collect({ kind: 'list' });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(connection.requests.filter((request) => request.kind === 'list')).toHaveLength(2);
    expect(connection.refused).toBe(0);
    expect(logins.started).toHaveLength(1);
  });

  it('a list asked for by every log in the same turn (as after a reconnect) is run once', async () => {
    const { host, logins } = logHost();
    const leases = await Promise.all(Array.from({ length: 12 }, () => host.lease(signal())));
    const listings = await Promise.all(leases.map((lease) => lease.collect({ kind: 'list' })));
    expect(new Set(listings.map((l) => l.stdout)).size).toBe(1);
    expect(logins.connections.flatMap((c) => c.requests)).toEqual([{ kind: 'list' }]);
  });

  it('an sshd with a lower MaxSessions (4): its refusal is learnt, the logs go to more connections, none fails', async () => {
    const { host, logins } = logHost({ sshdMaxSessions: 4 });
    const leases = await followLogs(host, 12);
    expect(logins.connections.reduce((sum, c) => sum + c.open, 0)).toBe(12);
    expect(Math.max(...logins.connections.map((c) => c.open))).toBe(4);
    // Learnt for every connection: each new one keeps a session free for short requests.
    await expect(leases[0]!.collect({ kind: 'list' })).resolves.toMatchObject({ code: 0 });
    expect(logins.connections.slice(1).some((c) => c.open < 4)).toBe(true);
  });

  it('a host that refuses logins: every waiting log gets the reason, and it is tried again after a growing delay, once for all', async () => {
    const { host, logins } = logHost({ refusedLogins: 2 });
    const round = () => Promise.allSettled(Array.from({ length: 5 }, () => host.lease(signal())));
    for (const failed of [await round(), await round()]) {
      expect(failed.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
      expect(String((failed[0] as PromiseRejectedResult).reason)).toMatch(/ECONNREFUSED/);
    }
    expect(host.retryInMs()).toBeGreaterThan(0);
    const third = await round();
    expect(third.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    expect(logins.started).toHaveLength(3);
    // jittered(40) with random 0.5 is 30 ms, then jittered(80) is 60 ms: never sooner, however busy the machine.
    expect(logins.started[1]! - logins.failedAt[0]!).toBeGreaterThanOrEqual(29);
    expect(logins.started[2]! - logins.failedAt[1]!).toBeGreaterThanOrEqual(59);
    expect(host.retryInMs()).toBe(0);
  });

  it('after a lost connection its logs come back together: one login, after a jittered pause', async () => {
    const { host, logins } = logHost();
    await followLogs(host, 5);
    const lostAt = Date.now();
    logins.connections[0]!.drop();
    expect(host.retryInMs()).toBeGreaterThan(0);
    await followLogs(host, 5); // asked for at once by all five
    expect(logins.started).toHaveLength(2);
    expect(logins.started[1]! - lostAt).toBeGreaterThanOrEqual(29); // jittered(40) with random 0.5
  });

  it('logins to one sshd wait their turn: at most two handshakes at once, across logins', async () => {
    const limiter = new HandshakeLimiter(2);
    let active = 0;
    let mostAtOnce = 0;
    const hosts = Array.from({ length: 5 }, () => {
      const { host, logins } = logHost({ limiter, loginMs: 15 });
      return { host, logins };
    });
    // Watch the handshakes across all five: each host's own counter sees only its own.
    const watch = setInterval(() => {
      active = hosts.reduce((sum, h) => sum + h.logins.active, 0);
      mostAtOnce = Math.max(mostAtOnce, active);
    }, 1);
    try {
      await Promise.all(hosts.map(({ host }) => followLogs(host, 1)));
    } finally {
      clearInterval(watch);
    }
    expect(hosts.every((h) => h.logins.started.length === 1)).toBe(true);
    expect(mostAtOnce).toBeLessThanOrEqual(2);
    expect(mostAtOnce).toBeGreaterThan(0);
  });

  it('a lost connection tells each log on it why; closing one log ends its own channels, not the connection', async () => {
    const { host, logins } = logHost();
    const [a, b] = await followLogs(host, 2);
    const heard = { a: [] as string[], b: [] as string[] };
    a!.onClose((why) => heard.a.push(why));
    b!.onClose((why) => heard.b.push(why));
    const connection = logins.connections[0]!;
    a!.close();
    expect(connection.open).toBe(1);
    expect(connection.closed).toBe(false);
    connection.drop('read ECONNRESET');
    expect(heard).toEqual({ a: [], b: ['read ECONNRESET'] });
    // The next lease logs in again.
    await followLogs(host, 1);
    expect(logins.started).toHaveLength(2);
  });

  it('closed (the core stops): its connections close at once, idle or not, and nothing logs in again', async () => {
    const { host, logins } = logHost({ idleMs: 600_000 });
    const leases = await followLogs(host, 12);
    leases.slice(0, 9).forEach((lease) => lease.close()); // the tails stop first: the first connection is left idle
    expect(logins.connections.map((c) => c.open)).toEqual([0, 3]);
    host.close();
    expect(logins.connections.map((c) => c.closed)).toEqual([true, true]);
    expect(host.openConnections).toBe(0);
    await expect(host.lease(signal())).rejects.toThrow(/closed: the console is stopping/);
    expect(logins.started).toHaveLength(2);
  });

  it('closed while a login is under way: those waiting are told, and the connection is closed when it lands', async () => {
    const { host, logins } = logHost({ idleMs: 600_000, loginMs: 30 });
    const waiting = host.lease(signal());
    await waitFor(() => logins.started.length === 1, 'the login to start');
    host.close();
    await expect(waiting).rejects.toThrow(/closed: the console is stopping/);
    await waitFor(() => logins.connections.length === 1, 'the login under way to land');
    expect(logins.connections[0]!.closed).toBe(true);
    expect(logins.started).toHaveLength(1);
  });

  it('a connection with nothing on it is closed after a while', async () => {
    const { host, logins } = logHost({ idleMs: 20 });
    const [lease] = await followLogs(host, 1);
    lease!.close();
    await waitFor(() => logins.connections[0]!.closed, 'the idle connection to close');
    expect(host.openConnections).toBe(0);
  });
});
