import { describe, expect, it, vi } from 'vitest';

import { createHttpBridge } from '../../../renderer/api/http-bridge';

class FakeEventSource {
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((message: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly named = new Map<string, () => void>();
  close = vi.fn(() => void (this.readyState = FakeEventSource.CLOSED));
  constructor(readonly url: string) {}
  addEventListener(name: string, listener: () => void) {
    this.named.set(name, listener);
  }
  send(data: string) {
    this.onmessage?.({ data } as MessageEvent<string>);
  }
}

function setup(hash: string, answer: (url: string, init: RequestInit) => Response) {
  vi.stubGlobal('EventSource', FakeEventSource);
  const calls: { url: string; body: unknown; headers: Record<string, string> }[] = [];
  const streams: FakeEventSource[] = [];
  const replaceState = vi.fn();
  const bridge = createHttpBridge({
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(init.body as string), headers: (init.headers ?? {}) as Record<string, string> });
      return answer(url, init);
    }) as typeof fetch,
    createEventSource: (url) => {
      const stream = new FakeEventSource(url);
      streams.push(stream);
      return stream as unknown as EventSource;
    },
    location: { hash, pathname: '/', search: '' },
    history: { replaceState },
    reopenDelayMs: 1,
  });
  return { bridge, calls, streams, replaceState };
}

function deferredAnswer() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('HTTP bridge (browser mode)', () => {
  const token = 'ab'.repeat(32);

  it('trades the token from the address for a session first, and removes it from the address bar', async () => {
    const { bridge, calls, replaceState } = setup(`#token=${token}`, (url) => (url === '/api/session' ? new Response(null, { status: 204 }) : json({ ok: true, value: 1 })));
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
    await expect(bridge.request('app.info', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(calls.map((c) => c.url)).toEqual(['/api/session', '/api/request']);
    expect(calls[0]!.body).toEqual({ token });
    expect(calls[1]!.body).toEqual({ name: 'app.info', input: {} });
  });

  it("hands the caller's signal to fetch, so aborting a request closes its connection", async () => {
    let seen: AbortSignal | null | undefined;
    const { bridge } = setup('', (_url, init) => ((seen = init.signal), json({ ok: true, value: 1 })));
    const caller = new AbortController();
    await bridge.request('app.info', {}, caller.signal);
    expect(seen).toBe(caller.signal);
  });

  it('asks at once, before its event stream is open, naming the stream the host keeps the meantime events for', async () => {
    const { bridge, calls, streams } = setup('', () => json({ ok: true, value: 1 }));
    await expect(bridge.request('backends.status', {})).resolves.toEqual({ ok: true, value: 1 });
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]!.onopen).not.toBeNull();
    const id = /^\/api\/events\?stream=([0-9a-f]{32})$/.exec(streams[0]!.url)?.[1];
    expect(id).toBeDefined();
    expect(calls.map((c) => [c.url, c.headers['X-Ops-Stream']])).toEqual([['/api/request', id]]);
  });

  it("the window's other requests wait for its first paint's answer and one turn after it; the graphs' go at once", async () => {
    const firstPaint = deferredAnswer();
    const { bridge, calls } = setup('', (_url, init) => json({ ok: true, value: JSON.parse(init.body as string).name }));
    bridge.holdBackgroundUntil(firstPaint.promise);
    const flags = bridge.request('flags.list', {});
    const render = bridge.request('graphs.render', {});
    await vi.waitFor(() => expect(calls.map((c) => (c.body as { name: string }).name)).toEqual(['graphs.render']));
    firstPaint.resolve();
    // Asked in the first paint's own turn (as the dashboard asks for its renders): still ahead of the flags.
    await Promise.resolve();
    const more = bridge.request('graphs.render', {});
    await expect(flags).resolves.toEqual({ ok: true, value: 'flags.list' });
    await Promise.all([render, more]);
    expect(calls.map((c) => (c.body as { name: string }).name)).toEqual(['graphs.render', 'graphs.render', 'flags.list']);
    // Once through, nothing waits any more.
    await bridge.request('audit.list', {});
    expect(calls.at(-1)!.body).toEqual({ name: 'audit.list', input: {} });
  });

  it('re-fetches when the host could not keep every event the window missed before its stream opened', async () => {
    const { bridge, streams } = setup('', () => json({ ok: true, value: null }));
    const reconnected = vi.fn();
    bridge.onReconnect(reconnected);
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    streams[0]!.onopen?.();
    expect(reconnected).not.toHaveBeenCalled();
    streams[0]!.named.get('resync')?.();
    expect(reconnected).toHaveBeenCalledTimes(1);
  });

  it('hands an error envelope back as data (the client turns it into an ApiError)', async () => {
    const failure = { ok: false, error: { code: 'timeout', message: 'slow' } };
    const { bridge } = setup('', () => json(failure));
    await expect(bridge.request('flags.list', {})).resolves.toEqual(failure);
  });

  it('a 401 asks the user to open the printed address', async () => {
    const { bridge } = setup('', () => new Response('no', { status: 401 }));
    const signIn = vi.fn();
    bridge.onSignInNeeded(signIn);
    await expect(bridge.request('app.info', {})).rejects.toThrow();
    expect(signIn).toHaveBeenCalledTimes(1);
  });

  it('delivers events, and says when the stream came back so missed data can be re-fetched', async () => {
    const { bridge, streams } = setup('', () => json({ ok: true, value: null }));
    const events = vi.fn();
    const reconnected = vi.fn();
    bridge.on(events);
    bridge.onReconnect(reconnected);
    await vi.waitFor(() => expect(streams).toHaveLength(1));
    const stream = streams[0]!;
    stream.onopen?.();
    stream.send(JSON.stringify({ name: 'flags.changed', payload: { x: 1 } }));
    stream.send('not json');
    expect(events).toHaveBeenCalledTimes(1);
    expect(events).toHaveBeenCalledWith({ name: 'flags.changed', payload: { x: 1 } });
    expect(reconnected).not.toHaveBeenCalled();
    stream.onopen?.();
    expect(reconnected).toHaveBeenCalledTimes(1);
    // The browser gave up on the stream: the bridge opens a new one itself.
    stream.readyState = FakeEventSource.CLOSED;
    stream.onerror?.();
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    vi.unstubAllGlobals();
  });
});
