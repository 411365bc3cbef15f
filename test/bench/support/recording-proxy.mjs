// A recording proxy in front of a backend, for the many-consoles bench: console k is configured
// with `<proxy>/c<k>` as the backend's URL; the proxy strips that prefix, forwards the request as
// it is, and records who asked what (path, Graphite targets, status), when it started and ended,
// (and over which from-until window), and whether the asker hung up first. Only counting: it adds no cache and no limit of its own.
import { createServer, request as httpRequest } from 'node:http';

export async function startRecordingProxy(upstream) {
  const target = new URL(upstream);
  const records = [];
  const server = createServer((req, res) => {
    const match = /^\/c(\d+)(\/.*)$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404).end('no console prefix');
    const url = new URL(match[2], upstream);
    const record = {
      console: Number(match[1]), path: url.pathname, query: url.search, targets: url.searchParams.getAll('target'), window: `${url.searchParams.get('from')}-${url.searchParams.get('until')}`,
      started: performance.now(), ended: null, status: null, aborted: false,
    };
    records.push(record);
    const forward = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: url.pathname + url.search, headers: { ...req.headers, host: target.host } },
      (answer) => {
        record.status = answer.statusCode;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => (record.ended ??= performance.now()));
      },
    );
    forward.on('error', () => {
      record.ended ??= performance.now();
      if (!res.headersSent) res.writeHead(502).end();
    });
    // The console gave up (its core aborted the call): so does the proxy, as the backend would see it.
    res.on('close', () => {
      if (record.ended === null) {
        record.aborted = true;
        record.ended = performance.now();
        forward.destroy();
      }
    });
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    records,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}
