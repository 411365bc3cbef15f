import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { DemoWorld } from './world';
import { GraphiteInputError, GraphiteServerError, invalidParameters, serverErrorPage } from './graphite-errors';
import { createEventStore } from './graphite-events';
import { findNodes } from './graphite-glob';
import type { MetricNode } from './graphite-glob';
import { render } from './graphite-render';
import type { HttpAnswer } from './graphite-render';
import { listenOnLoopback } from '../loopback-server';

export interface GraphiteDemoServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const HTML = 'text/html; charset=utf-8';
const NOT_FOUND = `
<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

/**
 * The demo world served as graphite-web 1.1.8 serves a real production: /render (JSON),
 * /metrics/find, /events/get_data and POST /events/, with its answer shapes and its error
 * statuses, so the real Graphite adapters run against it unchanged. Loopback only.
 */
export async function startGraphiteDemoServer(world: DemoWorld, options: { port?: number } = {}): Promise<GraphiteDemoServer> {
  const events = createEventStore(world);

  const route = async (method: string, path: string, query: URLSearchParams, req: IncomingMessage): Promise<HttpAnswer> => {
    switch (path) {
      case '/render':
        // graphite-web reads form-encoded POST parameters as it reads the query string.
        if (method === 'POST') for (const [k, v] of new URLSearchParams(await readBody(req))) query.append(k, v);
        return render(world, query);
      case '/metrics/find':
        return find(query);
      case '/events/get_data':
        return events.getData(query);
      case '/events':
        if (method === 'POST') return events.post(await readBody(req));
        if (method === 'GET') return { status: 200, type: HTML, body: '<html><body><h1>Events</h1></body></html>\n' };
        return { status: 405, type: HTML, body: '' };
      case '/version':
        return { status: 200, type: HTML, body: '1.1.8\n' };
      default:
        return { status: 404, type: 'text/html', body: NOT_FOUND };
    }
  };

  const find = (query: URLSearchParams): HttpAnswer => {
    const pattern = query.get('query');
    if (pattern === null) return badRequest("Missing required parameter 'query'");
    if (pattern === '') return badRequest("Required parameter 'query' is empty");
    if ((query.get('format') ?? 'treejson') !== 'treejson') return badRequest('the demo Graphite answers /metrics/find with format=treejson only');
    const base = pattern.includes('.') ? pattern.slice(0, pattern.lastIndexOf('.') + 1) : '';
    let found: MetricNode[];
    try {
      found = findNodes(world.metricPaths(), pattern);
    } catch (error) {
      if (error instanceof GraphiteInputError) return badRequest(error.message);
      throw error;
    }
    const nodes = found.filter((n, i, all) => all.findIndex((m) => m.name === n.name) === i);
    const entry = (n: (typeof nodes)[number]) => ({
      text: n.name,
      id: base + n.name,
      allowChildren: n.isLeaf ? 0 : 1,
      expandable: n.isLeaf ? 0 : 1,
      leaf: n.isLeaf ? 1 : 0,
    });
    // graphite-web's tree_json: branches first, then leaves.
    const body = JSON.stringify([...nodes.filter((n) => !n.isLeaf), ...nodes.filter((n) => n.isLeaf)].map(entry));
    return { status: 200, type: 'application/json;charset=utf-8', body, headers: { Pragma: 'no-cache', 'Cache-Control': 'no-cache' } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    let answer: HttpAnswer;
    try {
      answer = await route(req.method ?? 'GET', path, url.searchParams, req);
    } catch (error) {
      // Like graphite-web, anything unforeseen is a 500 page with the traceback in it.
      const message = error instanceof Error ? error.message : String(error);
      answer = { status: 500, type: HTML, body: serverErrorPage(new GraphiteServerError('Exception', message), 'views.py') };
    }
    res.writeHead(answer.status, { ...answer.headers, 'Content-Type': answer.type, 'Content-Length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  };

  const server = createServer((req, res) => void handle(req, res));
  const { url, close } = await listenOnLoopback(server, options.port);
  return { url, close };
}

function badRequest(message: string): HttpAnswer {
  return { status: 400, type: HTML, body: invalidParameters(message) };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('request body over 1 MB'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
