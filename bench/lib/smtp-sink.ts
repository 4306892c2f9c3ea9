import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** Messages accepted (250 given after the whole message was received). */
  count(): number;
  /** Bytes of all accepted messages. */
  bytes(): number;
  /** The raw messages, in arrival order, when started with `keep` (for a bench that reads its links). */
  raw(): Buffer[];
  close(): Promise<void>;
}

/**
 * A real SMTP listener on loopback for benchmarks: speaks the protocol and accepts every message once it has
 * received all of it, but only counts messages and bytes. The tests' mail catcher also parses and keeps every
 * message, which on a 2-core machine would bill the benchmark for the receiving side's MIME parsing (thousands of
 * PDFs) and hold them all in memory.
 */
export async function startSmtpSink(opts: { keep?: boolean } = {}): Promise<SmtpSink> {
  let messages = 0;
  let total = 0;
  const kept: Buffer[] = [];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    closeTimeout: 500,
    banner: 'bench smtp sink',
    onData(stream: SMTPServerDataStream, _session, callback) {
      let size = 0;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (opts.keep) chunks.push(c);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        messages++;
        total += size;
        if (opts.keep) kept.push(Buffer.concat(chunks));
        callback(null, `OK: message ${messages}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    count: () => messages,
    bytes: () => total,
    raw: () => kept,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
