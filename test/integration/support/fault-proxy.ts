// A loopback proxy in front of a real backend that misbehaves on request: it answers 500 without
// forwarding, holds a request past the client's timeout, or forwards a write and then drops the
// connection before the answer reaches the client (the write happened; the client cannot know).
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'error-500' | 'delay' | 'drop-after-forward';

export interface FaultRule {
  fault: Fault;
  /** Which requests: e.g. writes only, `(m) => m !== 'GET'`. */
  matches(method: string, path: string): boolean;
  /** How many matching requests get the fault (then it is spent); default all. */
  times?: number;
}

export interface FaultProxy {
  url: string;
  /** Every request, with what was done to it. */
  log: { method: string; path: string; fault: Fault | null }[];
  inject(rule: FaultRule | null): void;
  close(): Promise<void>;
}

const DELAY_MS = 60_000;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let rule: (FaultRule & { left: number }) | null = null;
  const log: FaultProxy['log'] = [];
  const held = new Set<NodeJS.Timeout>();

  const forward = (incoming: IncomingMessage, body: Buffer, onAnswer: (answer: IncomingMessage) => void, outgoing: ServerResponse) => {
    const upstream = request(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, onAnswer);
    upstream.on('error', (error) => outgoing.writeHead(502).end(String(error)));
    upstream.end(body);
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const method = incoming.method ?? 'GET';
      const path = incoming.url ?? '/';
      const active = rule && rule.left > 0 && rule.matches(method, path) ? rule : null;
      if (active) active.left--;
      log.push({ method, path, fault: active?.fault ?? null });
      const body = Buffer.concat(chunks);
      switch (active?.fault) {
        case 'error-500':
          outgoing.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: 'InternalError', message: 'injected by the fault proxy' }));
          return;
        case 'delay': {
          // Never forwarded: the client gives up first; the backend never sees the write.
          const timer = setTimeout(() => outgoing.destroy(), DELAY_MS);
          held.add(timer);
          outgoing.on('close', () => {
            clearTimeout(timer);
            held.delete(timer);
          });
          return;
        }
        case 'drop-after-forward':
          // The backend does the write; its answer is thrown away with the client's connection.
          forward(incoming, body, (answer) => {
            answer.resume();
            answer.on('end', () => incoming.socket.destroy());
          }, outgoing);
          return;
        case undefined:
          forward(incoming, body, (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          }, outgoing);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    inject(next) {
      rule = next ? { ...next, left: next.times ?? Infinity } : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
