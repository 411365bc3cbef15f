import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Result } from '../contract/api-error';
import type { Logger } from '../log';
import { listenOnLoopback } from '../loopback-server';
import type { Dispatch } from '../service/dispatcher';
import type { EventHub } from '../service/event-hub';
import { securityHeaders } from './content-security-policy';
import { EarlyEvents, STREAM_ID } from './early-events';
import { serveStatic } from './static-files';

export interface HttpHostOptions {
  dispatch: Dispatch;
  events: EventHub;
  logger: Logger;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 = any free port. */
  port?: number;
  /** For tests; otherwise 32 random bytes. */
  token?: string;
}

export interface HttpHost {
  port: number;
  token: string;
  /** The URL to open: carries the token in the fragment, which browsers never send to a server or a Referer. */
  url: string;
  close(): Promise<void>;
}

const COOKIE = 'ops_session';
const SIGN_IN = 'Open the address Ops Console printed (with its #token=…) to sign in.';
const MAX_BODY_BYTES = 1 << 20;
const HEARTBEAT_MS = 15_000;
/** Names the page's event stream on each request (see EarlyEvents). */
const STREAM_HEADER = 'x-ops-stream';

/**
 * Browser mode: the same contract as the desktop app, over HTTP on 127.0.0.1 only. A page proves
 * itself once with the token from the URL fragment and gets an HttpOnly, SameSite=Strict cookie;
 * Host and Origin are checked on every request so a DNS-rebinding page or another site cannot
 * drive the console through the user's browser.
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const { dispatch, events, logger, staticDir } = options;
  const token = options.token ?? randomBytes(32).toString('hex');
  const session = randomBytes(32).toString('hex');
  const sockets = new Set<ServerResponse>();
  const early = new EarlyEvents(events);
  let port = 0;

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    handle(req, res).catch((error: unknown) => {
      // A page that went away mid-upload (a reload, a closed tab) is the client's doing, not ours.
      if (req.destroyed && !req.complete && (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        logger.info('http.client_aborted', { method: req.method, url: req.url });
        res.destroy();
        return;
      }
      const incidentId = randomUUID().slice(0, 8);
      logger.error('http.failed', { url: req.url, incidentId, error });
      if (res.headersSent) return void res.end();
      sendJson(res, 500, {
        ok: false,
        error: { code: 'internal', message: `Something went wrong inside Ops Console (incident ${incidentId} in its log).`, incidentId },
      });
    });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 403, 'Unexpected Host header.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      return deny(res, 403, 'Requests from other sites are refused.');
    }
    const pathname = pathOf(req);
    if (pathname === null) return deny(res, 400, 'That address is not a valid URL.');
    if (!pathname.startsWith('/api/')) return serveStatic(staticDir, req, res, { sourceMaps: hasSession(req) });

    res.setHeader('Cache-Control', 'no-store');
    if (req.method === 'POST') {
      // Browsers always send Origin on a POST; requiring it shuts out forms and plain-link tricks.
      if (origin === undefined) return deny(res, 403, 'Origin header required.');
      if (!req.headers['content-type']?.startsWith('application/json')) return deny(res, 415, 'Send JSON.');
    }
    if (pathname === '/api/session' && req.method === 'POST') return startSession(req, res);
    if (!hasSession(req)) return deny(res, 401, SIGN_IN);
    if (pathname === '/api/request' && req.method === 'POST') return answerRequest(req, res);
    if (pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res, new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('stream'));
    return deny(res, 404, 'No such endpoint.');
  }

  async function startSession(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    const offered = Buffer.from('value' in body && typeof body.value.token === 'string' ? body.value.token : '');
    const expected = Buffer.from(token);
    if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) {
      return deny(res, 401, 'That token is not the one this Ops Console printed. Copy the whole address again.');
    }
    res.setHeader('Set-Cookie', `${COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`);
    res.writeHead(204).end();
  }

  function hasSession(req: IncomingMessage): boolean {
    const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
    const offered = Buffer.from(cookies.find((c) => c.startsWith(`${COOKIE}=`))?.slice(COOKIE.length + 1) ?? '');
    const expected = Buffer.from(session);
    return offered.length === expected.length && timingSafeEqual(offered, expected);
  }

  async function answerRequest(req: IncomingMessage, res: ServerResponse) {
    // The page does not wait for its event stream before asking: what happens meanwhile is kept for it.
    const stream = req.headers[STREAM_HEADER];
    if (typeof stream === 'string' && STREAM_ID.test(stream)) early.hold(stream);
    const body = await readJson(req);
    if ('refused' in body) return sendJson(res, body.refused, { ok: false, error: { code: 'invalid_input', message: body.message } });
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    sendJson(res, 200, await dispatch(body.value.name, body.value.input, abort.signal));
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse, streamId: string | null) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sockets.add(res);
    const send = (event: unknown) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    const id = streamId !== null && STREAM_ID.test(streamId) ? streamId : null;
    // First what the window missed since its first request, then live: nothing between is lost
    // (this runs to its end before any other event can be emitted).
    if (id !== null) {
      const missed = early.opened(id);
      for (const event of missed.events) send(event);
      if (missed.resync) res.write('event: resync\ndata: {}\n\n');
    }
    const unsubscribe = events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      if (id !== null) early.closed(id);
      sockets.delete(res);
    });
  }

  const listening = await listenOnLoopback(server, options.port);
  port = listening.port;

  return {
    port,
    token,
    url: `${listening.url}/#token=${token}`,
    close: () => {
      early.close();
      for (const res of sockets) res.end();
      return listening.close();
    },
  };
}

const NOT_AN_ENVELOPE = 'The request body is not a JSON object of the form {"name", "input"}.';

/** The body as a JSON object, or why not with the HTTP status to say it with. */
async function readJson(req: IncomingMessage): Promise<{ value: Record<string, unknown> } | { refused: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the limit, so the answer reaches a client that is still sending.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) return { refused: 413, message: `The request body is larger than ${MAX_BODY_BYTES / (1 << 20)} MB.` };
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { value: value as Record<string, unknown> };
  } catch {
    // Not JSON: said below.
  }
  return { refused: 400, message: NOT_AN_ENVELOPE };
}

/** The request's path, or null when its target is not a URL (an absolute-form target can be anything). */
function pathOf(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function deny(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
}
