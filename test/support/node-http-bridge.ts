import type { OpsBridge } from '../../src/contract/bridge';
import type { EventEnvelope } from '../../src/contract/events';

/**
 * The browser-mode transport as a Node client: signs in with the token like the page does, then
 * speaks POST /api/request and reads /api/events (SSE) over fetch. Used by the contract suite.
 */
export async function connectHttpBridge(url: string): Promise<OpsBridge & { close: () => void }> {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token') ?? '';
  const signIn = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ token }),
  });
  if (signIn.status !== 204) throw new Error(`sign-in refused: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;

  const listeners = new Set<(event: EventEnvelope) => void>();
  const stream = new AbortController();
  const events = await fetch(`${origin}/api/events`, { headers: { Cookie: cookie }, signal: stream.signal });
  void readEvents(events, (event) => listeners.forEach((listener) => listener(event))).catch(() => undefined);

  return {
    async request(name: string, input: unknown, signal?: AbortSignal) {
      const response = await fetch(`${origin}/api/request`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin, Cookie: cookie },
        body: JSON.stringify({ name, input }),
        ...(signal ? { signal } : {}),
      });
      return response.json() as Promise<unknown>;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => stream.abort(),
  };
}

async function readEvents(response: Response, emit: (event: EventEnvelope) => void) {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n\n')) >= 0) {
      const frame = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) emit(JSON.parse(data) as EventEnvelope);
    }
  }
}
