// The resume protocol of the SSH tail against a scripted log host, for the races a real sshd
// shows only by chance: a rotation between `list` and tail's start, and a drop while the rest of
// the rotated file is being read. (The real sshd: test/integration/ssh-logs.test.ts.)
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { LogFollower, LogGapNotice } from '../../../../../src/backends/backend-set';
import type { HostKeyGate } from '../../../../../src/logs/ssh/host-key-gate';
import type { LogHostSession } from '../../../../../src/logs/ssh/ssh-session';
import { startSshTail } from '../../../../../src/logs/ssh/ssh-tail';
import type { TailRequest } from '../../../../../src/logs/ssh/tail-command';

class FakeChannel extends EventEmitter {
  stderr = new EventEmitter();
  private closed = false;
  data(text: string | Buffer) {
    if (!this.closed) this.emit('data', Buffer.from(text));
  }
  notice(text: string) {
    if (!this.closed) this.stderr.emit('data', Buffer.from(`${text}\n`));
  }
  /** Ends as ssh2 does: the exit status (null: none, a drop) comes with 'close'. */
  finish(code: number | null) {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', code);
  }
  close() {
    this.finish(null);
  }
}

/** Files by name (`app.log`, `app.log.1`) and what the wrapper would answer; `onFollow`/`onRest` script a request. */
class FakeHost {
  files = new Map<string, string>();
  /** Inodes by file name, when the test models them (a wrapper's `list` prints them). */
  inodes = new Map<string, number>();
  requests: TailRequest[] = [];
  follows: FakeChannel[] = [];
  private sessions: { channels: FakeChannel[]; onClose: ((reason: string) => void)[] }[] = [];
  onFollow: ((channel: FakeChannel, from: number) => void) | null = null;
  onRest: ((channel: FakeChannel, from: number) => void) | null = null;
  loginMs = 0;
  closedSessions = 0;

  open = async (): Promise<LogHostSession> => {
    if (this.loginMs) await sleep(this.loginMs);
    const session = { channels: [] as FakeChannel[], onClose: [] as ((reason: string) => void)[] };
    this.sessions.push(session);
    return {
      run: async (request: TailRequest) => {
        this.requests.push(request);
        const channel = new FakeChannel();
        session.channels.push(channel);
        setImmediate(() => this.answer(channel, request));
        return channel;
      },
      onClose: (listener: (reason: string) => void) => session.onClose.push(listener),
      close: () => this.closedSessions++,
    } as unknown as LogHostSession;
  };

  private answer(channel: FakeChannel, request: TailRequest) {
    if (request.kind === 'list') {
      channel.data([...this.files].map(([name, text]) => `${name}\t${Buffer.byteLength(text)}\t0${this.inodes.has(name) ? `\t${this.inodes.get(name)}` : ''}\n`).join(''));
      return channel.finish(0);
    }
    if (request.kind === 'follow') {
      this.follows.push(channel);
      if (this.onFollow) return this.onFollow(channel, request.from);
      return channel.data((this.files.get('app.log') ?? '').slice(request.from - 1));
    }
    if (request.kind === 'journal') throw new Error('the tail asks for no journal');
    if (this.onRest) return this.onRest(channel, request.from);
    const rotated = this.files.get('app.log.1');
    if (rotated === undefined) {
      channel.notice("tail: cannot open 'app.log.1' for reading: No such file or directory");
      return channel.finish(1);
    }
    channel.data(rotated.slice(request.from - 1));
    channel.finish(0);
  }

  /** Every session ends, as when sshd's session processes are killed. */
  drop() {
    for (const session of this.sessions.splice(0)) {
      for (const channel of session.channels) channel.finish(null);
      for (const listener of session.onClose) listener('the connection closed');
    }
  }
}

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i} ${'x'.repeat(30)}\n`).join('');

function follow(host: FakeHost) {
  const seen = { text: '', gaps: [] as LogGapNotice[], states: [] as string[] };
  const follower: LogFollower = {
    onLines: (chunk) => (seen.text += chunk.toString()),
    onGap: (gap) => seen.gaps.push(gap),
    onStatus: (status) => seen.states.push(status.state),
    onError: () => undefined,
  };
  const gate: HostKeyGate = { waitForTrust: async () => undefined, trust: async () => undefined };
  const stop = startSshTail({ name: 'app', open: host.open, hostKeys: gate, initialBytes: 1 << 20, firstRetryMs: 5, maxRetryMs: 20, now: Date.now }, follower);
  return { seen, stop };
}

async function until(condition: () => boolean, what: () => string) {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(5);
  if (!condition()) throw new Error(`timed out waiting for ${what()}`);
}

describe('SSH tail resume', () => {
  it('a rotation between list and the start of tail (tail says "file truncated" first): the rest of .1, then the new file', async () => {
    const host = new FakeHost();
    host.files.set('app.log', lines(1, 10));
    const { seen, stop } = follow(host);
    try {
      await until(() => seen.text === lines(1, 10), () => 'the first lines');
      // 11-12 are written and listed; then, before tail starts, 13-15 and a rotation: the new file has 16-17.
      host.files.set('app.log', lines(1, 12));
      host.onFollow = (channel) => {
        host.onFollow = null;
        host.files.set('app.log.1', lines(1, 15));
        host.files.set('app.log', lines(16, 17));
        // What GNU tail does when started at a byte beyond the (new, shorter) file's end.
        channel.notice('tail: app.log: file truncated');
        channel.data(lines(16, 17));
      };
      host.drop();
      await until(() => seen.text.endsWith(lines(16, 17)), () => `line 17, got ${seen.text.length} bytes`);
      expect(seen.text).toBe(lines(1, 17));
      expect(seen.gaps).toEqual([]);
    } finally {
      stop();
    }
  });

  it('a drop while reading .1 is not a gap: the rest comes after the reconnect, every line once', async () => {
    const host = new FakeHost();
    host.files.set('app.log', lines(1, 10));
    const { seen, stop } = follow(host);
    try {
      await until(() => seen.text === lines(1, 10), () => 'the first lines');
      host.files.set('app.log.1', lines(1, 30));
      host.files.set('app.log', lines(31, 32));
      let first = true;
      host.onRest = (channel, from) => {
        const rest = lines(1, 30).slice(from - 1);
        if (!first) {
          channel.data(rest);
          return channel.finish(0);
        }
        first = false;
        channel.data(rest.slice(0, rest.indexOf('line 20') + 5)); // lines 11-19 and part of 20
        setImmediate(() => host.drop());
      };
      host.drop();
      await until(() => seen.text.endsWith(lines(31, 32)), () => `line 32, got ${JSON.stringify(seen.text.slice(-80))}`);
      expect(seen.text).toBe(lines(1, 32));
      expect(seen.gaps).toEqual([]);
      const rests = host.requests.filter((r) => r.kind === 'rotated-rest');
      expect(rests).toHaveLength(2);
    } finally {
      stop();
    }
  });

  it('.1 gone or another file: one explicit gap, then the new file from its first byte', async () => {
    const host = new FakeHost();
    host.files.set('app.log', lines(1, 10));
    const { seen, stop } = follow(host);
    try {
      await until(() => seen.text === lines(1, 10), () => 'the first lines');
      host.files.set('app.log', lines(40, 41));
      host.drop();
      await until(() => seen.text.endsWith(lines(40, 41)), () => 'the new file');
      expect(seen.text).toBe(lines(1, 10) + lines(40, 41));
      expect(seen.gaps).toHaveLength(1);
      expect(seen.gaps[0]!.reason).toMatch(/rotated while disconnected.*cannot open 'app\.log\.1'/);
      expect(host.requests.filter((r) => r.kind === 'follow').at(-1)).toEqual({ kind: 'follow', name: 'app', from: 1 });
    } finally {
      stop();
    }
  });

  it('stopped while logging in: the session is closed and nothing is asked of the host', async () => {
    const host = new FakeHost();
    host.files.set('app.log', lines(1, 3));
    host.loginMs = 30;
    const { seen, stop } = follow(host);
    stop();
    await sleep(80);
    expect(host.requests).toEqual([]);
    expect(host.closedSessions).toBe(1);
    expect(seen.states).toEqual(['connecting', 'stopped']);
  });

  /** An empty app.log (inode 7) is followed; while the connection is down `rotated` becomes app.log.1 and `next` app.log: what arrives after the reconnect. */
  async function rotatedBeforeAnythingWasRead(rotated: [string, number], next: [string, number]) {
    const host = new FakeHost();
    host.files.set('app.log', '');
    host.inodes.set('app.log', 7);
    const { seen, stop } = follow(host);
    try {
      await until(() => host.follows.length === 1, () => 'the follow');
      host.drop();
      host.files.set('app.log.1', rotated[0]);
      host.inodes.set('app.log.1', rotated[1]);
      host.files.set('app.log', next[0]);
      host.inodes.set('app.log', next[1]);
      await until(() => seen.text.endsWith(next[0]), () => `the new file, got ${JSON.stringify(seen.text)}`);
      return { host, seen };
    } finally {
      stop();
    }
  }

  it('a file not read at all yet, rotated away while disconnected, is read from .1 by its inode', async () => {
    // Lines 1-5 were written and the file rotated while the connection was down; nothing of it was read.
    const { host, seen } = await rotatedBeforeAnythingWasRead([lines(1, 5), 7], [lines(6, 7), 8]);
    expect(seen.text).toBe(lines(1, 7));
    expect(seen.gaps).toEqual([]);
    expect(host.requests.find((r) => r.kind === 'rotated-rest')).toEqual({ kind: 'rotated-rest', name: 'app', from: 1 });
  });

  it('...and when .1 is not that inode either (rotated twice), a gap, even at byte 0', async () => {
    const { seen } = await rotatedBeforeAnythingWasRead([lines(6, 7), 8], [lines(8, 9), 9]);
    expect(seen.text).toBe(lines(8, 9));
    expect(seen.gaps).toHaveLength(1);
    expect(seen.gaps[0]!.reason).toMatch(/app\.log\.1 is another file/);
  });
});
