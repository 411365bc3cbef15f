import type { OpsBridge } from '../../src/contract/bridge';
import { EventEnvelope } from '../../src/contract/events';

/** What browser mode adds to the bridge: it can lose its session and its event stream. */
export interface HttpBridge extends OpsBridge {
  /** Fires after the event stream came back: events sent meanwhile are lost, so re-fetch. */
  onReconnect: (listener: () => void) => () => void;
  /** Fires when the host refuses this page (no or wrong token): only the printed address helps. */
  onSignInNeeded: (listener: () => void) => () => void;
}

export interface HttpBridgeOptions {
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
  location?: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history?: Pick<History, 'replaceState'>;
  /** Delay before re-opening an event stream the browser gave up on. */
  reopenDelayMs?: number;
  /** How long requests wait for the event stream to open before going ahead without it. */
  streamWaitMs?: number;
}

/**
 * Browser mode's transport: POST /api/request for requests, SSE /api/events for events. The token
 * from the printed address is exchanged once for an HttpOnly cookie and then removed from the
 * address bar, so it is not left in history, bookmarks or screenshots.
 */
export function createHttpBridge(options: HttpBridgeOptions = {}): HttpBridge {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openStream = options.createEventSource ?? ((url) => new EventSource(url));
  const loc = options.location ?? window.location;
  const hist = options.history ?? window.history;
  const reopenDelayMs = options.reopenDelayMs ?? 3_000;
  const streamWaitMs = options.streamWaitMs ?? 3_000;

  const listeners = new Set<(event: EventEnvelope) => void>();
  const reconnectListeners = new Set<() => void>();
  const signInListeners = new Set<() => void>();
  let signInNeeded = false;

  const needSignIn = () => {
    if (signInNeeded) return;
    signInNeeded = true;
    for (const listener of signInListeners) listener();
  };

  const token = /^#token=([0-9a-f]+)$/i.exec(loc.hash)?.[1];
  if (token !== undefined) hist.replaceState(null, '', loc.pathname + loc.search);

  // Every request waits for the session, so the first ones cannot race the cookie.
  const session: Promise<void> =
    token === undefined
      ? Promise.resolve()
      : doFetch('/api/session', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ token }),
        }).then((response) => {
          if (response.status === 401) needSignIn();
        });

  // Requests wait for the event stream too: an answer (say, "graphite unknown") must never
  // arrive after the event that superseded it was sent to nobody.
  let streamOpen!: () => void;
  const firstOpen = new Promise<void>((resolve) => (streamOpen = resolve));
  const ready = session.then(() => Promise.race([firstOpen, delay(streamWaitMs)]));

  let opened = 0;
  const connect = () => {
    if (signInNeeded) return;
    const stream = openStream('/api/events');
    stream.onopen = () => {
      streamOpen();
      opened += 1;
      if (opened > 1) for (const listener of reconnectListeners) listener();
    };
    stream.onmessage = (message: MessageEvent<string>) => {
      const event = EventEnvelope.safeParse(safeJson(message.data));
      if (!event.success) return;
      for (const listener of listeners) listener(event.data);
    };
    stream.onerror = () => {
      // CONNECTING means the browser retries by itself; CLOSED means it gave up (e.g. a 401).
      if (stream.readyState !== EventSource.CLOSED) return;
      stream.close();
      // No stream for now: requests go ahead rather than wait for one.
      streamOpen();
      setTimeout(connect, reopenDelayMs);
    };
  };
  void session.then(connect);

  return {
    async request(name: string, input: unknown, signal?: AbortSignal) {
      await ready;
      // Aborting closes the connection, and the host then aborts the handler and its backend call.
      const response = await doFetch('/api/request', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, input }),
        ...(signal ? { signal } : {}),
      });
      if (response.status === 401) {
        needSignIn();
        throw new Error('this page is not signed in');
      }
      // Non-JSON bodies (a proxy's error page) become a readable transport error in the client.
      return (await response.json()) as unknown;
    },
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => void reconnectListeners.delete(listener);
    },
    onSignInNeeded(listener) {
      signInListeners.add(listener);
      if (signInNeeded) listener();
      return () => void signInListeners.delete(listener);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
