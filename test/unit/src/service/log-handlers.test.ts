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
