import nodemailer, { type Transporter } from 'nodemailer';

/** Pooling for bulk runs (e.g. dunning thousands of dealers): reuse a few connections, optionally rate-limited. */
export interface SmtpPoolConfig {
  /** Parallel SMTP connections (default 5). */
  maxConnections?: number;
  /** Messages per connection before it is recycled (default 100). */
  maxMessages?: number;
  /** At most this many messages per `rateDeltaMs` (relays often throttle). */
  rateLimit?: number;
  rateDeltaMs?: number;
}

export interface SmtpConfig {
  host: string;
  port: number;
  /** true = implicit TLS (port 465); false = plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** true for defaults, or pool settings; off by default. */
  pool?: boolean | SmtpPoolConfig;
  /** Refuse to send unless STARTTLS succeeds (for relays reached over a network). */
  requireTLS?: boolean;
  /** Set false only for a relay with a self-signed certificate on a trusted network. */
  rejectUnauthorized?: boolean;
  /** Upper bound for connect, greeting and idle socket waits (default 30 s), so an activity never hangs. */
  timeoutMs?: number;
}

/**
 * Builds the nodemailer transport the mail activities send through. Content from files or URLs is disabled:
 * attachments are always bytes fetched from the archive, so a crafted attachment path can never read the
 * worker's disk or make it fetch a URL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SMTP or pooled SMTP, as the caller chose
export function createMailTransport(config: SmtpConfig): Transporter<any, any> {
  const timeout = config.timeoutMs ?? 30_000;
  const common = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
    ...(config.requireTLS ? { requireTLS: true } : {}),
    ...(config.rejectUnauthorized === false ? { tls: { rejectUnauthorized: false } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 2,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  if (!config.pool) return nodemailer.createTransport(common);
  const pool = config.pool === true ? {} : config.pool;
  return nodemailer.createTransport({
    ...common,
    pool: true,
    maxConnections: pool.maxConnections ?? 5,
    maxMessages: pool.maxMessages ?? 100,
    ...(pool.rateLimit ? { rateLimit: pool.rateLimit, rateDelta: pool.rateDeltaMs ?? 1_000 } : {}),
  });
}
