import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/**
 * Listens on 127.0.0.1 only (never 0.0.0.0), on `port` or a free one. Closing also drops
 * kept-alive connections, which would otherwise hold `close()` until they time out.
 */
export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
