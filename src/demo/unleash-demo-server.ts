import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { DEMO_ENVIRONMENTS } from './demo-flags';
import type { DemoFlagStore } from './demo-flags';
import { legacyEvents, searchEvents } from './unleash-demo-events';
import { answerFeatures } from './unleash-demo-features';
import type { DemoRequest } from './unleash-demo-features';
import { environmentMeta, matchesIfNoneMatch, noSuchFeature, unleashError, weakEtag } from './unleash-demo-shapes';
import type { DemoReply } from './unleash-demo-shapes';
import { listenOnLoopback } from '../loopback-server';

export interface UnleashDemoServerOptions {
  /** The one token accepted, sent as the raw `Authorization` header like Unleash's API tokens. */
  token: string;
  /** A second, read-only token, like a Viewer's personal access token: reads work, writes get 403. */
  viewerToken?: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** For tests that count round trips: called once per answered request. */
  onRequest?: (request: { method: string; path: string; status: number }) => void;
}

export interface UnleashDemoServer {
  url: string;
  close(): Promise<void>;
}

/** What an INIT admin token is called in Unleash's events, and so the actor of every demo write. */
const TOKEN_NAME = 'admin';
/** The Viewer's PAT belongs to this person. */
const VIEWER_EMAIL = 'viewer@example.com';
const VERSION = '8.2.0-demo';
const MAX_BODY_BYTES = 1 << 20;

/**
 * The demo's flag service: a subset of Unleash 8.2's Admin API on 127.0.0.1, answering from the
 * demo world's flag store with Unleash's shapes, status codes, weak ETags and error bodies, so the
 * real Unleash adapter runs against it unchanged.
 */
export async function startUnleashDemoServer(store: DemoFlagStore, options: UnleashDemoServerOptions): Promise<UnleashDemoServer> {
  const server = createServer((req, res) => {
    answer(store, options, req)
      .catch((error: unknown) => unleashError(500, 'UnknownError', error instanceof Error ? error.message : String(error)))
      .then((reply) => send(req, res, reply))
      .then((status) => options.onRequest?.({ method: req.method ?? 'GET', path: req.url ?? '/', status }))
      .catch(() => res.destroy());
  });
  const { url, close } = await listenOnLoopback(server, options.port);
  return { url, close };
}

async function answer(store: DemoFlagStore, options: UnleashDemoServerOptions, req: IncomingMessage): Promise<DemoReply> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  if ((url.pathname === '/health' || url.pathname === '/ready') && method === 'GET') return { status: 200, body: { health: 'GOOD' } };
  const segments = decodeSegments(url.pathname);
  if (!url.pathname.startsWith('/api/')) return 'undecodable' in segments ? BAD_REQUEST_PAGE : pathNotAvailable(url.pathname);

  const authorization = req.headers.authorization;
  if (authorization === undefined) {
    return unleashError(401, 'AuthenticationRequired', 'You must log in to use Unleash. Your request had no authorization header, so we could not authorize you. Try logging in at /auth/simple/login.', {
      path: '/auth/simple/login',
      type: 'password',
    });
  }
  const viewer = options.viewerToken !== undefined && authorization === options.viewerToken;
  if (authorization !== options.token && !viewer) return unleashError(401, 'UnauthorizedError', 'You must log in to use Unleash.');
  if (viewer && method !== 'GET') return permissionError(url.pathname);

  const body = await readBody(req);
  if ('reply' in body) return body.reply;
  if ('undecodable' in segments) {
    // Express's router fails on the param, and Unleash answers that as an UnknownError (measured on 8.2: no id).
    const message = `Failed to decode param '${segments.undecodable}'`;
    return { status: 500, body: { name: 'UnknownError', message, details: [{ message }] } };
  }
  const request: DemoRequest = { method, segments: segments.decoded, query: url.searchParams, body: body.value, actor: viewer ? VIEWER_EMAIL : TOKEN_NAME };
  return route(store, request) ?? pathNotAvailable(url.pathname);
}

function route(store: DemoFlagStore, request: DemoRequest): DemoReply | undefined {
  const [api, admin, area, ...rest] = request.segments;
  if (api !== 'api' || admin !== 'admin') return undefined;
  const get = request.method === 'GET';
  if (area === 'projects' && rest[1] === 'features') return answerFeatures(store, request);
  if (area === 'user' && rest.length === 0 && get) return { status: 200, body: currentUser(request.actor) };
  if (area === 'features' && rest[1] === 'tags' && rest.length === 2 && get) {
    const flag = store.get(rest[0]!);
    return flag ? { status: 200, body: { version: 1, tags: flag.tags.map((t) => ({ ...t, color: '#FFFFFF' })) } } : noSuchFeature(rest[0]!, 'default');
  }
  if (area === 'search' && rest[0] === 'events' && rest.length === 1 && get) return searchEvents(store, request.query);
  if (area === 'events' && rest.length <= 1 && get) return legacyEvents(store, rest[0]);
  if (area === 'environments' && rest.length === 0 && get) {
    const environments = DEMO_ENVIRONMENTS.map((name) => ({ name, ...environmentMeta(name), enabled: true, protected: false, projectCount: 1 }));
    return { status: 200, body: { version: 1, environments } };
  }
  if (area === 'ui-config' && rest.length === 0 && get) {
    const versionInfo = { current: { oss: VERSION, enterprise: '' }, latest: {}, isLatest: true };
    return { status: 200, body: { name: 'Unleash', version: VERSION, versionInfo, authenticationType: 'open-source', baseUriPath: '', environment: 'demo', flags: {} } };
  }
  return undefined;
}

/** `GET /api/admin/user`: an admin token is a `username` (its name, as events record it); a PAT is its person. */
function currentUser(actor: string): unknown {
  return actor === TOKEN_NAME
    ? { user: { username: TOKEN_NAME, permissions: ['ADMIN'], type: 'admin', projects: ['*'], internalAdminTokenUserId: -42 }, permissions: [{ permission: 'ADMIN' }] }
    : { user: { id: 3, email: actor, name: 'Vi Viewer', isAPI: false, rootRole: 3 }, permissions: [] };
}

/** Unleash checks the type only of requests that carry a body; a body without a type is taken as JSON. */
async function readBody(req: IncomingMessage): Promise<{ value: unknown } | { reply: DemoReply }> {
  const hasBody = req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
  if (!hasBody) return { value: undefined };
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    return { reply: unleashError(415, 'ContentTypeError', `We do not accept the content-type you provided (${type}). Try using one of the content-types we accept instead (application/json) and make sure the body is in the corresponding format.`) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { reply: unleashError(413, 'ContentTooLarge', 'request entity too large') };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    // Express's body parser, not Unleash, answers this one, in its own shape.
    return { reply: { status: 400, body: { error: { message: (error as Error).message, statusCode: 400, type: 'entity.parse.failed' } } } };
  }
}

/** What Unleash answers a Viewer who writes: the permission the write needed. */
function permissionError(pathname: string): DemoReply {
  const permission = pathname.includes('/strategies') ? 'UPDATE_FEATURE_STRATEGY' : 'UPDATE_FEATURE_ENVIRONMENT';
  const message = `You don't have the required permissions to perform this operation. To perform this action, you need the "${permission}" permission.`;
  return unleashError(403, 'PermissionError', message, { permissions: [permission] });
}

/** Express's answer to a path outside the API it cannot decode (`/%`, `/%E0%A4%A`), page and headers as Unleash 8.2 sends them. */
const BAD_REQUEST_PAGE: DemoReply = {
  status: 400,
  page: '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Bad Request</pre>\n</body>\n</html>\n',
};

function decodeSegments(pathname: string): { decoded: string[] } | { undecodable: string } {
  const raw = pathname.split('/').filter(Boolean);
  const decoded: string[] = [];
  for (const segment of raw) {
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return { undecodable: segment };
    }
  }
  return { decoded };
}

function pathNotAvailable(pathname: string): DemoReply {
  return unleashError(404, 'NotFoundError', `The path you were looking for (${pathname}) is not available.`);
}

/** Writes the reply as Express would: JSON with a weak ETag, and 304 to a GET that already has it. */
function send(req: IncomingMessage, res: ServerResponse, reply: DemoReply): number {
  if (reply.page !== undefined) {
    res.writeHead(reply.status, { 'Content-Security-Policy': "default-src 'none'", 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/html; charset=utf-8' }).end(reply.page);
    return reply.status;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return reply.status;
  }
  const text = JSON.stringify(reply.body);
  const etag = weakEtag(text);
  if (req.method === 'GET' && reply.status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.writeHead(304, { ETag: etag }).end();
    return 304;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ETag: etag }).end(text);
  return reply.status;
}
