import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server, that can drop every connection through it at
 * once (mid-request or mid-body, as a flaky network does) and refuse new ones for a while.
 */
export async function startCuttingProxy(targetPort: number) {
  const sockets = new Set<net.Socket>();
  let refuseUntil = 0;
  /** A drop the client did not try to cross yet: it lasts until one connection has been refused. */
  let unfelt = false;
  let cuts = 0;
  const server = net.createServer((client) => {
    if (unfelt || Date.now() < refuseUntil) {
      unfelt = false;
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /**
     * Resets every open connection and refuses new ones for `ms`, and at least the next one (a
     * client slow to come back would not notice the drop otherwise).
     */
    cut(ms: number): void {
      cuts++;
      refuseUntil = Date.now() + ms;
      unfelt = true;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
