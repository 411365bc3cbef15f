import { afterEach, describe, expect, it, vi } from 'vitest';

import { EarlyEvents } from '../../../../src/host/early-events';
import { createEventHub } from '../../../../src/service/event-hub';

const marker = (id: string) => ({ markers: [{ id, kind: 'deploy' as const, at: 1, who: 'ci', what: id, link: null, tags: [] }] });
const ids = (events: { payload: unknown }[]) => events.map((e) => (e.payload as ReturnType<typeof marker>).markers[0]!.id);

describe('events a window missed before its stream opened', () => {
  afterEach(() => vi.useRealTimers());

  it('are kept from its first request and handed over, in order, when its stream opens; then none are kept', () => {
    const hub = createEventHub(() => {});
    const early = new EarlyEvents(hub);
    hub.emit('markers.added', marker('before any request'));
    early.hold('a'.repeat(32));
    hub.emit('markers.added', marker('one'));
    hub.emit('markers.added', marker('two'));
    const missed = early.opened('a'.repeat(32));
    expect(ids(missed.events)).toEqual(['one', 'two']);
    expect(missed.resync).toBe(false);
    // Open: its stream gets events directly, requests do not start keeping them again.
    early.hold('a'.repeat(32));
    expect(early.size).toBe(0);
    // Closed (the page reconnects): its requests meanwhile are kept for the new stream.
    early.closed('a'.repeat(32));
    early.hold('a'.repeat(32));
    hub.emit('markers.added', marker('three'));
    expect(ids(early.opened('a'.repeat(32)).events)).toEqual(['three']);
  });

  it('too many to keep: the window is told to re-fetch instead', () => {
    const hub = createEventHub(() => {});
    const early = new EarlyEvents(hub, { maxEvents: 2, maxWindows: 4, keepMs: 60_000 });
    early.hold('b'.repeat(32));
    for (const id of ['1', '2', '3']) hub.emit('markers.added', marker(id));
    expect(early.opened('b'.repeat(32))).toMatchObject({ resync: true });
  });

  it('a stream that never opens is forgotten after a while, and only so many windows are kept at once', () => {
    vi.useFakeTimers();
    const hub = createEventHub(() => {});
    const early = new EarlyEvents(hub, { maxEvents: 10, maxWindows: 2, keepMs: 60_000 });
    for (const c of 'cde') early.hold(c.repeat(32));
    expect(early.size).toBe(2);
    vi.advanceTimersByTime(60_000);
    expect(early.size).toBe(0);
    hub.emit('markers.added', marker('late'));
    expect(early.opened('c'.repeat(32)).events).toEqual([]);
  });
});
