import type { OpsBridge } from '../../src/contract/bridge';
import { EventEnvelope } from '../../src/contract/events';

/** What browser mode adds to the bridge: it can lose its session and its event stream. */
export interface HttpBridge extends OpsBridge {
  /** Fires after the event stream came back: events sent meanwhile are lost, so re-fetch. */
  onReconnect: (listener: () => void) => () => void;
  /** Fires when the host refuses this page (no or wrong token): only the printed address helps. */
  onSignInNeeded: (listener: () => void) => () => void;
  /**
   * The window's other requests (the flags, the logs, the status strip) wait until `firstPaint`
   * settled and the page had a turn to ask for what it needs: the browser's few connections then
   * go to the first paint and the graphs' first renders, not to whatever was asked first.
   */
  holdBackgroundUntil: (firstPaint: Promise<unknown>) => void;
}

export interface HttpBridgeOptions {
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSource;
  location?: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history?: Pick<History, 'replaceState'>;
  /** Delay before re-opening an event stream the browser gave up on. */
  reopenDelayMs?: number;
  /** Names this window's event stream (random by default). */
  streamId?: string;
}

/**
 * What the first paint and the graphs wait on, and a flip (never behind a refresh's renders). The
 * browser keeps six connections per host (one is the event stream): these go out first.
 */
const URGENT = new Set(['dashboards.open', 'graphs.render', 'markers.list', 'graphs.lastKnown', 'flags.flip']);

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
  // Every request names this window's stream, and the host keeps the events of a window whose
  // stream is not open yet (src/host/early-events.ts): requests need not wait for the stream, and
  // still no answer can be newer than an event this window missed.
  const streamId = options.streamId ?? randomStreamId();

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

  // Once signed in, a request goes out in the same task it was asked in, ahead of whatever the
  // page draws next (a panel's answer must not hold back the next panel's request).
  let signedIn = token === undefined;
  void session.then(() => (signedIn = true));
  let background: Promise<void> | null = null;

  let opened = 0;
  const connect = () => {
    if (signInNeeded) return;
    const stream = openStream(`/api/events?stream=${streamId}`);
    const resync = () => {
      for (const listener of reconnectListeners) listener();
    };
    stream.onopen = () => {
      opened += 1;
      if (opened > 1) resync();
    };
    // The host could not keep everything this window missed before its stream opened.
    stream.addEventListener('resync', resync);
    stream.onmessage = (message: MessageEvent<string>) => {
      const event = EventEnvelope.safeParse(safeJson(message.data));
      if (!event.success) return;
      for (const listener of listeners) listener(event.data);
    };
    stream.onerror = () => {
      // CONNECTING means the browser retries by itself; CLOSED means it gave up (e.g. a 401).
      if (stream.readyState !== EventSource.CLOSED) return;
      stream.close();
      setTimeout(connect, reopenDelayMs);
    };
  };
  void session.then(connect);

  return {
    request(name: string, input: unknown, signal?: AbortSignal) {
      const send = async () => {
        // Aborting closes the connection, and the host then aborts the handler and its backend call.
        const response = await doFetch('/api/request', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-Ops-Stream': streamId },
          body: JSON.stringify({ name, input }),
          priority: URGENT.has(name) ? 'high' : 'low',
          ...(signal ? { signal } : {}),
        });
        if (response.status === 401) {
          needSignIn();
          throw new Error('this page is not signed in');
        }
        // Non-JSON bodies (a proxy's error page) become a readable transport error in the client.
        return (await response.json()) as unknown;
      };
      const ready = URGENT.has(name) || background === null ? (signedIn ? null : session) : Promise.all([session, background]);
      return ready === null ? send() : ready.then(send);
    },
    holdBackgroundUntil(firstPaint) {
      // A task after the answer: the page's own reaction to it (the dashboard asking for its renders) comes first.
      const held = firstPaint.then(nextTask, nextTask);
      background = held;
      void held.then(() => {
        if (background === held) background = null;
      });
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

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function randomStreamId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
