import { open, realpath } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

import { answerRange } from './log-range';
import { listenOnLoopback } from '../loopback-server';

export interface LogDemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Every answered request, for a test or a debug view to watch the tail poll. */
  onRequest?: (request: { method: string; path: string; range: string | undefined; status: number }) => void;
}

export interface LogDemoServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * The demo's log host: the files under `dir`, read-only, over HTTP on loopback, answering like
 * the nginx the spike measured (Range, 206/416, ETag `"<mtime hex>-<size hex>"`, 403 for anything
 * but GET and HEAD, 404 for a path that leaves `dir`). Each request looks at the file afresh
 * (open + fstat), because a cached size would hide what a growing log just gained.
 */
export async function startLogDemoServer(dir: string, options: LogDemoServerOptions = {}): Promise<LogDemoServer> {
  const root = await realpath(dir);
  const server = createServer((request, response) => {
    response.on('finish', () =>
      options.onRequest?.({ method: request.method ?? '', path: request.url ?? '', range: request.headers.range, status: response.statusCode }),
    );
    serve(root, request, response).catch(() => response.destroy());
  });
  const { url, close } = await listenOnLoopback(server, options.port);
  return { url, close };
}

async function serve(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.setHeader('Cache-Control', 'no-cache');
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 403, 'Forbidden: these logs are read-only.\n');
  const file = await resolveInside(root, request.url ?? '/');
  const handle = file ? await open(file, 'r').catch(() => null) : null;
  if (!handle) return plain(response, 404, 'Not found\n');
  let streaming = false;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return plain(response, 404, 'Not found\n');
    const size = stat.size;
    const etag = `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.setHeader('Last-Modified', stat.mtime.toUTCString());
    response.setHeader('ETag', etag);
    response.setHeader('Accept-Ranges', 'bytes');
    if (request.headers['if-none-match'] === etag) return plain(response, 304, '');
    const ifRange = request.headers['if-range'];
    const answer = ifRange === undefined || ifRange === etag ? answerRange(request.headers.range, size) : { kind: 'full' as const };
    if (answer.kind === 'unsatisfiable') {
      response.setHeader('Content-Range', `bytes */${size}`);
      return plain(response, 416, '');
    }
    const [start, end] = answer.kind === 'partial' ? [answer.start, answer.end] : [0, size - 1];
    response.statusCode = answer.kind === 'partial' ? 206 : 200;
    if (answer.kind === 'partial') response.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    response.setHeader('Content-Length', end - start + 1);
    if (request.method === 'HEAD' || end < start) return void response.end();
    streaming = true;
    // From the handle just measured (it closes the handle when done): a rename meanwhile still
    // serves the file whose size was sent.
    const stream = handle.createReadStream({ start, end });
    pipeline(stream, response, (error) => {
      // A file truncated meanwhile gives fewer bytes than promised: drop the connection, not lie.
      if (error || stream.bytesRead < end - start + 1) response.destroy();
    });
  } finally {
    if (!streaming) await handle.close();
  }
}

/** The file a URL path names inside `root`, or null for anything that would leave it. */
async function resolveInside(root: string, url: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.includes('..')) return null;
  // A symlink may point anywhere: only what really lies under root is served.
  const real = await realpath(path.join(root, ...segments)).catch(() => null);
  return real?.startsWith(root + path.sep) ? real : null;
}

function plain(response: ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  if (body) response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(body);
}
