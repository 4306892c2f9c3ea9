import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A refusal the catcher answers with, to exercise permanent (5xx) and transient (4xx) failures. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface MailCatcherOptions {
  /** Loopback only by default: the catcher has no authentication and no TLS. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where each accepted message is written as a `.eml` file; none when omitted. */
  outboxDir?: string;
  /** Decides per recipient whether to refuse it at RCPT TO. */
  refuseRecipient?: (address: string) => SmtpRefusal | undefined;
  /** Maximum message size in bytes (default 50 MB). */
  maxSize?: number;
}

export interface CaughtMail {
  parsed: ParsedMail;
  raw: Buffer;
  /** Absolute path of the `.eml` file, when an outbox is configured. */
  emlPath?: string;
  envelope: { from: string; to: string[] };
  /** Login name when the client authenticated (any password is accepted). */
  user?: string;
}

export interface MailCatcher {
  host: string;
  port: number;
  close(): Promise<void>;
  messages(): ParsedMail[];
  caught(): CaughtMail[];
  /** Resolves with the first message (already received or arriving within `timeoutMs`) matching `pred`. */
  waitFor(pred: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
}

/**
 * A real SMTP listener for tests and the demo's embedded mail sink: accepts everything (plain SMTP, AUTH
 * optional and any credentials accepted), stores each message as a `.eml` file a person can open with any
 * mail client, and parses it. The SMTP accept (250) is only given after the file is written and parsed, as a
 * real MTA acknowledges only what it has stored.
 */
export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = opts.host ?? '127.0.0.1';
  const caught: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  if (opts.outboxDir) await fs.mkdir(opts.outboxDir, { recursive: true });

  const server = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: opts.maxSize ?? 50 * 1024 * 1024,
    closeTimeout: 500,
    banner: 'aftersales mail catcher',
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo(address, _session, callback) {
      const refusal = opts.refuseRecipient?.(address.address);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      collect(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw Object.assign(new Error('Message too large'), { responseCode: 552 });
          const emlPath = opts.outboxDir ? await writeEml(opts.outboxDir, raw, ++seq) : undefined;
          const parsed = await simpleParser(raw);
          caught.push({
            parsed,
            raw,
            ...(emlPath ? { emlPath } : {}),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
          });
          for (const wake of waiters) wake();
          callback(null, `OK: stored as ${emlPath ?? `message ${caught.length}`}`);
        })
        .catch((err: Error) => callback(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    // smtp-server re-emits its listener's errors (EADDRINUSE) on itself: unhandled there, they would crash the process.
    const fail = (err: Error) => reject(err);
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      server.on('error', () => undefined); // connection-level errors are the client's problem, not the catcher's
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    host,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    messages: () => caught.map((c) => c.parsed),
    caught: () => [...caught],
    waitFor(pred, timeoutMs = 5_000) {
      return new Promise<ParsedMail>((resolve, reject) => {
        const check = (): boolean => {
          const hit = caught.find((c) => pred(c.parsed));
          if (!hit) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(hit.parsed);
          return true;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${caught.length} received)`));
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
  };
}

function collect(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Written under a temporary name and renamed, so a person never opens a half-written file. */
async function writeEml(dir: string, raw: Buffer, seq: number): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const digest = createHash('sha256').update(raw).digest('hex').slice(0, 10);
  const file = join(dir, `${stamp}-${String(seq).padStart(4, '0')}-${digest}.eml`);
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, raw);
  await fs.rename(tmp, file);
  return file;
}
