import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningWebServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Listens with the Node adapter. Port 0 picks a free port (tests). Resolves once listening; `close` stops
 * accepting and drops idle keep-alive sockets so shutdown does not wait for browsers.
 */
export async function startWebServer(opts: { app: Hono; port: number; host?: string }): Promise<RunningWebServer> {
  const host = opts.host ?? '127.0.0.1';
  const { server, info } = await new Promise<{ server: Server; info: AddressInfo }>((resolve, reject) => {
    const s = serve({ fetch: opts.app.fetch, port: opts.port, hostname: host }, (addr) =>
      resolve({ server: s as Server, info: addr }),
    ) as Server;
    s.once('error', reject);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  const urlHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  return {
    url: `http://${urlHost}:${info.port}`,
    port: info.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
