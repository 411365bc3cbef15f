import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticOptions {
  /** The page itself loads before sign-in (it is what signs in); its source maps only after. */
  sourceMaps: boolean;
}

/** Serves the built renderer read-only; anything that resolves outside `root` is a 404. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, options: StaticOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let urlPath: string;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    // `/%`, `/%zz`, a cut or overlong UTF-8 sequence (`%E0%A4%A`, `%c0%ae`): no file has such a name.
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoded UTF-8.');
    return;
  }
  const relative = urlPath === '/' ? 'index.html' : urlPath.slice(1);
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  // Judged on the file itself: `%2Emap` or a trailing slash would get past a look at the URL.
  if (path.extname(file) === '.map' && !options.sourceMaps) {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Source maps are served to a signed-in page only.');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  // Built assets carry a content hash in their name; index.html must always be fetched fresh.
  const cache = relative === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
