import { setImmediate as tick } from 'node:timers/promises';

import { describe, expect, it } from 'vitest';

import type { BackendSet, LogFollower, LogSource } from '../../../../src/backends/backend-set';
import type { EventEnvelope } from '../../../../src/contract/events';
import { NotConfiguredError } from '../../../../src/errors';
import { createEventHub } from '../../../../src/service/event-hub';
import { LiveBackends } from '../../../../src/service/live-backends';
import { createLogHandlers } from '../../../../src/service/log-handlers';

const T = Date.UTC(2026, 10, 23, 14, 0, 0);
const line = (ms: number, text: string) => `${new Date(T + ms).toISOString()} INFO ${text}\n`;
const signal = AbortSignal.timeout(5_000);

/** A log source the test drives: it keeps the follower so the test can hand it lines, gaps and states. */
function fakeSource(id: string, extra: Partial<LogSource> = {}) {
  const followers: LogFollower[] = [];
  const source: LogSource = {
    id,
    kind: 'logs',
    name: `${id} app.log`,
    fingerprint: 'v1',
    info: { id, name: 'app.log', host: id, service: 'web', kind: 'http', path: '/app.log' },
    check: async () => 'ok',
    follow: (follower) => {
      followers.push(follower);
      return () => undefined;
    },
    ...extra,
  };
  return { source, follower: () => followers.at(-1)!, follows: () => followers.length };
}

function world(...sources: LogSource[]) {
  const events: EventEnvelope[] = [];
  const hub = createEventHub((error) => {
    throw error;
  });
  hub.subscribe((event) => events.push(event));
  const set = (logs: LogSource[]): BackendSet => ({ dataSource: 'configured', metrics: null, markers: [], flags: null, changes: null, logs });
  const live = new LiveBackends(set(sources), hub, () => T + 600_000, 1_000);
  live.start();
  const handlers = createLogHandlers(live);
  const lineEvents = () => events.filter((e) => e.name === 'logs.lines').map((e) => e.payload as { sourceId: string; lines: { seq: number; text: string }[] });
  return { live, handlers, events, lineEvents, replace: (logs: LogSource[]) => live.replace(set(logs)) };
}

describe('live log tails in the core', () => {
  it('hands new lines on once per turn of the event loop, however many chunks came', async () => {
    const web = fakeSource('web');
    const { lineEvents } = world(web.source);
    web.follower().onLines(Buffer.from(line(0, 'a') + line(1, 'b')));
    web.follower().onLines(Buffer.from(line(2, 'c')));
    await tick();
    expect(lineEvents()).toHaveLength(1);
    expect(lineEvents()[0]!.lines.map((l) => [l.seq, l.text.slice(-1)])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('numbers a restarted tail on from where it stopped, and keeps a tail whose definition did not change', async () => {
    const web = fakeSource('web');
    const { lineEvents, replace } = world(web.source);
    web.follower().onLines(Buffer.from(line(0, 'a') + line(1, 'b')));
    await tick();
    replace([{ ...web.source }]);
    expect(web.follows()).toBe(1);
    replace([{ ...web.source, fingerprint: 'v2' }]);
    expect(web.follows()).toBe(2);
    web.follower().onLines(Buffer.from(line(2, 'c')));
    await tick();
    expect(lineEvents().flatMap((e) => e.lines.map((l) => l.seq))).toEqual([0, 1, 2]);
  });

  it('passes a gap on as a row of its own', async () => {
    const web = fakeSource('web');
    const { lineEvents } = world(web.source);
    web.follower().onLines(Buffer.from(line(0, 'a')));
    web.follower().onGap({ from: null, until: T + 5_000, reason: 'app.log was replaced and app.log.1 is not there' });
    await tick();
    expect(lineEvents()[0]!.lines[1]).toMatchObject({ seq: 1, gap: { from: T, until: T + 5_000 }, text: expect.stringMatching(/^Lines missing 14:00:00–14:00:05 UTC: /) });
  });

  it('lists each source with the state its tail last reported, and announces each change', async () => {
    const web = fakeSource('web');
    const { handlers, events } = world(web.source);
    expect((await handlers['logs.sources']({}, { signal }))[0]!.status).toMatchObject({ id: 'web', state: 'connecting' });
    web.follower().onStatus({ state: 'reconnecting', since: T, message: 'refused', hostKeyFingerprint: null });
    expect(await handlers['logs.sources']({}, { signal })).toEqual([
      { source: web.source.info, status: { id: 'web', state: 'reconnecting', since: T, message: 'refused', hostKeyFingerprint: null } },
    ]);
    expect(events.filter((e) => e.name === 'logs.status').at(-1)!.payload).toEqual({ status: expect.objectContaining({ id: 'web', state: 'reconnecting' }) });
  });
});

describe('a journal’s hosts', () => {
  it('each host an entry names becomes a source of its own, listed instead of the journal, merged and filtered like any other', async () => {
    const journal = fakeSource('central', { info: { id: 'central', name: 'checkout.service', host: 'journal.internal', service: 'checkout', kind: 'journal-gateway', path: '/entries' } });
    const { handlers, events, lineEvents } = world(journal.source);
    const listed = async () => (await handlers['logs.sources']({}, { signal })).map((s) => [s.source.id, s.source.host, s.source.service, s.status.state]);
    expect(await listed()).toEqual([['central', 'journal.internal', 'checkout', 'connecting']]);

    const follower = journal.follower();
    follower.onStatus({ state: 'live', since: T, message: null, hostKeyFingerprint: null });
    follower.forHost!('web-2').onLines(Buffer.from(line(0, 'w2-a') + line(20, 'w2-b')));
    follower.forHost!('web-1').onLines(Buffer.from(line(10, 'w1-a')));
    follower.forHost!('web-1').onLines(Buffer.from(line(30, 'w1-b').replace('INFO', 'ERROR')));
    await tick();
    expect(await listed()).toEqual([
      ['central@web-2', 'web-2', 'checkout', 'live'],
      ['central@web-1', 'web-1', 'checkout', 'live'],
    ]);
    // Two hosts in one turn: the viewer is told once to list the sources again.
    expect(events.filter((e) => e.name === 'logs.sourcesChanged')).toEqual([{ name: 'logs.sourcesChanged', payload: { sourceId: 'central' } }]);
    expect(lineEvents().map((e) => [e.sourceId, e.lines.map((l) => l.seq)])).toEqual([
      ['central@web-2', [0, 1]],
      ['central@web-1', [0, 1]],
    ]);

    const merged = await handlers['logs.query']({ sourceIds: ['central@web-1', 'central@web-2'], filter: null, until: null, limit: 10 }, { signal });
    expect(merged.lines.map((l) => `${l.sourceId} ${l.text.split(' ').at(-1)}`)).toEqual(['central@web-2 w2-a', 'central@web-1 w1-a', 'central@web-2 w2-b', 'central@web-1 w1-b']);
    const errors = await handlers['logs.query']({ sourceIds: ['central@web-1', 'central@web-2'], filter: { text: '', mode: 'substring', caseSensitive: false, levels: ['error'] }, until: null, limit: 10 }, { signal });
    expect(errors.lines.map((l) => l.text.split(' ').at(-1))).toEqual(['w1-b']);

    // The stream's state and its lost entries are every host's.
    follower.onStatus({ state: 'reconnecting', since: T + 40, message: 'refused', hostKeyFingerprint: null });
    follower.onGap({ from: T + 40, until: T + 50, reason: 'the journal no longer has the last entry shown' });
    await tick();
    expect(events.filter((e) => e.name === 'logs.status').slice(-3).map((e) => (e.payload as { status: { id: string; state: string } }).status)).toEqual([
      expect.objectContaining({ id: 'central', state: 'reconnecting' }),
      expect.objectContaining({ id: 'central@web-2', state: 'reconnecting' }),
      expect.objectContaining({ id: 'central@web-1', state: 'reconnecting' }),
    ]);
    for (const id of ['central@web-1', 'central@web-2']) {
      const newest = await handlers['logs.query']({ sourceIds: [id], filter: { text: 'no such text', mode: 'substring', caseSensitive: false, levels: [] }, until: null, limit: 1 }, { signal });
      expect(newest.lines[0]!.gap).toMatchObject({ reason: 'the journal no longer has the last entry shown' });
    }
    await expect(handlers['logs.around']({ sourceIds: ['central@web-1'], at: T - 60_000, before: 5, after: 5, filter: null }, { signal })).resolves.toMatchObject({
      note: expect.stringMatching(/keeps only its last 1,000 lines/),
    });
    await expect(handlers['logs.query']({ sourceIds: ['central@web-3'], filter: null, until: null, limit: 1 }, { signal })).rejects.toThrow(/There is no log source "central@web-3"/);
  });

  it('a journal restarted with a changed definition numbers each host on from where it stopped', async () => {
    const journal = fakeSource('central');
    const { lineEvents, replace } = world(journal.source);
    journal.follower().forHost!('web-1').onLines(Buffer.from(line(0, 'a') + line(1, 'b')));
    await tick();
    replace([{ ...journal.source, fingerprint: 'v2' }]);
    journal.follower().forHost!('web-1').onLines(Buffer.from(line(2, 'c')));
    await tick();
    expect(lineEvents().flatMap((e) => e.lines.map((l) => `${e.sourceId}#${l.seq}`))).toEqual(['central@web-1#0', 'central@web-1#1', 'central@web-1#2']);
  });
});

describe('logs.around', () => {
  it('reads an older moment from the file itself, and says so', async () => {
    const asked: number[] = [];
    const web = fakeSource('web', {
      readAround: async (at) => {
        asked.push(at);
        return { chunk: Buffer.from(line(-2_000, 'old1') + line(-1_000, 'old2') + line(0, 'old3') + line(1_000, 'old4')), requests: 12 };
      },
    });
    const { handlers } = world(web.source);
    web.follower().onLines(Buffer.from(line(60_000, 'new')));
    const around = await handlers['logs.around']({ sourceIds: ['web'], at: T, before: 1, after: 2, filter: null }, { signal });
    expect(asked).toEqual([T]);
    expect(around.lines.map((l) => l.text.split(' ').at(-1))).toEqual(['old2', 'old3', 'old4']);
    expect(around.anchor).toBe(1);
    expect(around.note).toBe('web app.log: older than the lines kept, so read from the file itself (12 requests); these lines are numbered apart from the live ones.');
  });

  it('answers from the ring when it holds the moment, and says when a source cannot reach further back', async () => {
    const web = fakeSource('web', { readAround: () => Promise.reject(new Error('must not be asked')) });
    const db = fakeSource('db');
    const { handlers } = world(web.source, db.source);
    web.follower().onLines(Buffer.from(line(0, 'w0') + line(10, 'w10')));
    db.follower().onLines(Buffer.from(line(20, 'd20')));
    const around = await handlers['logs.around']({ sourceIds: ['web', 'db'], at: T + 10, before: 5, after: 5, filter: null }, { signal });
    expect(around.lines.map((l) => l.text.split(' ').at(-1))).toEqual(['w0', 'w10', 'd20']);
    expect(around.anchor).toBe(1);
    expect(around.note).toBe('db app.log keeps only its last 1,000 lines and cannot read further back.');
  });
});

describe('logs.trustHostKey', () => {
  it('trusts the key through the source, and refuses a source that has no host key', async () => {
    const trusted: string[] = [];
    const ssh = fakeSource('ssh', { trustHostKey: async (fingerprint) => void trusted.push(fingerprint) });
    const web = fakeSource('web');
    const { handlers } = world(ssh.source, web.source);
    await expect(handlers['logs.trustHostKey']({ sourceId: 'ssh', fingerprint: 'SHA256:abc' }, { signal })).resolves.toMatchObject({ id: 'ssh' });
    expect(trusted).toEqual(['SHA256:abc']);
    await expect(handlers['logs.trustHostKey']({ sourceId: 'web', fingerprint: 'SHA256:abc' }, { signal })).rejects.toThrow(NotConfiguredError);
  });
});
