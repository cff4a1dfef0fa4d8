/** An HTTP server for a test on a free loopback port: its URL, and a close that also ends kept-alive connections. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export async function listenLocally(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections(); // a browser's or fetch's kept-alive connections would hold close() up
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
