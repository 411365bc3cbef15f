// Plain JS so the benches and backend starters (.mjs, run by Node without a build) share it with
// the TypeScript tests; types in free-port.d.mts.
import { createServer } from 'node:net';

/**
 * `count` distinct TCP ports on 127.0.0.1 that were free a moment ago: the kernel picks each for
 * a throwaway listener, and all are closed again before the ports are handed out (held together
 * while picking, so they differ). Another process may still take one before the caller binds
 * it: a caller that starts a server on them should pick again when a port turns out taken.
 */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
    }
    return servers.map((server) => server.address().port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

/** One free port on 127.0.0.1 (see freePorts). */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}
