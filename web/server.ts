import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { messages } from './i18n';
import { messagePage } from './pages/layout';

/**
 * Requests Node cannot even parse (a broken request line or header, headers too large, a timeout) never reach the
 * app; they get the same short page, in both languages since no Accept-Language could be read.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const [zh, en] = [messages('zh-CN'), messages('en')];
  const body = String(
    messagePage({
      lang: 'zh-CN',
      tone: 'error',
      title: `${zh.badRequestTitle} · ${en.badRequestTitle}`,
      lines: [zh.badRequestBody, en.badRequestBody],
    }),
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/html; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

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
  server.on('clientError', answerClientError);
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
