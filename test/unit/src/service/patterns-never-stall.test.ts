import { afterEach, describe, expect, it } from 'vitest';

import type { LogFollower, LogSource } from '../../../../src/backends/backend-set';
import type { Result } from '../../../../src/contract/api-error';
import type { LogFilter } from '../../../../src/contract/wire-types';
import { startTestCore } from '../../../support/core-fixture';

// The issue's catastrophic patterns, sent as a user's request arrives (the real dispatcher and
// handlers of a core on the demo world), each with a second request sent while the first runs.

const T = Date.UTC(2026, 10, 23, 14, 0, 0);
/** More rows than one slice of a scan holds (65,536), so the first request must pause at least once. */
const ROWS = 300_000;
const PATHOLOGICAL: LogFilter = { text: '(.+)+\\x01', mode: 'regex', caseSensitive: false, levels: [] };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A log source holding ROWS lines, handed over in one go once the core follows it. */
function bigSource(): LogSource {
  const lines = Array.from({ length: ROWS }, (_, i) => `${new Date(T + i).toISOString()} INFO req=${i} GET /api/cart 200\n`).join('');
  return {
    id: 'big',
    kind: 'logs',
    name: 'big app.log',
    fingerprint: 'v1',
    bufferLines: ROWS,
    info: { id: 'big', name: 'app.log', host: 'big', service: 'web', kind: 'http', path: '/app.log' },
    check: async () => 'ok',
    follow: (follower: LogFollower) => {
      follower.onStatus({ state: 'live', since: T, message: null, hostKeyFingerprint: null });
      follower.onLines(Buffer.from(lines));
      return () => undefined;
    },
  };
}

async function coreWithBigSource() {
  const { core, stop } = await startTestCore({ wrap: (set) => ({ ...set, logs: [...set.logs, bigSource()] }) });
  cleanups.push(stop);
  return core;
}

/** The request's promise, and whether it has settled yet. */
function track(answer: Promise<Result<unknown>>) {
  const state = { settled: false, answer };
  void answer.then(() => (state.settled = true));
  return state;
}

describe('a pathological pattern in a log request', () => {
  it.each([
    ['logs.query', { sourceIds: ['big'], filter: PATHOLOGICAL, until: null, limit: 100 }, { lines: [], scanned: ROWS, matched: 0 }],
    ['logs.volume', { sourceIds: ['big'], filter: PATHOLOGICAL, from: T, until: T + ROWS, bucketMs: 100_000 }, [0, 1, 2].map((i) => ({ at: T + i * 100_000, total: 100_000, matched: 0, errors: 0 }))],
    ['logs.around', { sourceIds: ['big'], filter: PATHOLOGICAL, at: T + ROWS / 2, before: 10, after: 10 }, { lines: [], anchor: 0, note: null }],
  ])('%s is answered, and other requests are answered while it scans', async (name, input, expected) => {
    const core = await coreWithBigSource();
    const first = track(core.dispatch(name, input));
    const sources = await core.dispatch('logs.sources', {});
    // Another scan of the same ring, an ordinary one: the newest five lines with "cart".
    const query = await core.dispatch('logs.query', { sourceIds: ['big'], filter: { text: 'CART', mode: 'substring', caseSensitive: false, levels: [] }, until: null, limit: 5 });
    expect(first.settled).toBe(false);
    expect(sources).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ source: expect.objectContaining({ id: 'big' }) })]) });
    expect(query).toMatchObject({ ok: true, value: { lines: expect.arrayContaining([expect.objectContaining({ text: expect.stringContaining(`req=${ROWS - 1} `) })]) } });
    expect(await first.answer).toEqual({ ok: true, value: expected });
  });

  it('stops scanning when the caller goes away, and says it was cancelled', async () => {
    const core = await coreWithBigSource();
    const caller = new AbortController();
    const first = track(core.dispatch('logs.query', { sourceIds: ['big'], filter: PATHOLOGICAL, until: null, limit: 100 }, caller.signal));
    caller.abort();
    expect(await first.answer).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('refuses lookaround with a message naming it, on filter.text', async () => {
    const core = await coreWithBigSource();
    const answer = await core.dispatch('logs.query', { sourceIds: ['big'], filter: { ...PATHOLOGICAL, text: '(?=(a+)+)b' }, until: null, limit: 1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^The lookahead \(\?=\(a\+\)\+\) is not supported/), issues: [{ path: 'filter.text' }] } });
  });
});

describe('a pathological glob in graphs.find', () => {
  it.each([
    [`web.${'*'.repeat(100)}x`, { ok: true, value: [] }],
    [`web.${'{a,b}'.repeat(18)}`, { ok: false, error: expect.objectContaining({ message: expect.stringContaining('make more than 1,024 names') }) }],
  ])('%s is answered, and another request with it', async (query, expected) => {
    const core = await coreWithBigSource();
    const first = core.dispatch('graphs.find', { query });
    const second = core.dispatch('graphs.find', { query: 'web.*' });
    expect(await first).toMatchObject(expected);
    expect(await second).toMatchObject({ ok: true, value: [{ text: 'web-1' }, { text: 'web-2' }, { text: 'web-3' }] });
  });
});
