/**
 * Re-sends one mail a workflow already sent, for an operator ("the manager deleted it", "it went to spam"): the
 * mail activity that sent it is called again, in this process, with its original input taken from the workflow's
 * history, while the sent-log and the SMTP transport are wrapped so that
 *   - the mail goes out under a NEW sent-log key `<step>#resend-<n>` (the original key is never touched, so the
 *     workflow's own retries still see it as sent), with a new Message-ID (receivers must not drop it as a
 *     duplicate) and an `X-Aftersales-Resend-Of` header naming the original;
 *   - every other mail the same activity call would make is treated as already sent: nothing else goes out.
 * Works for every mail activity the worker wires (sendMail, sendActionRequest — same signed link —, statements,
 * letters, reports…), because each of them ends in the platform's sendMail.
 */
import type { Transporter } from 'nodemailer';
import { mailMessageId } from '../../activities/mail/send-mail';
import { sentKeyHash, type SentKey, type SentLog, type SentRecord } from '../../activities/mail/sent-log';
import type { PlatformServices } from '../../worker';

type ActivityFn = (input: unknown) => Promise<unknown>;

export interface MailCandidate {
  /** History event id of the activity that sent it. */
  eventId: number;
  activityType: string;
  key: SentKey;
  sentAt?: string;
  messageId?: string;
  subject?: string;
}

export interface ResendResult {
  original: MailCandidate;
  resendKey: SentKey;
  messageId: string;
  sentAt: string;
  accepted: string[];
}

const FAKE: SentRecord = {
  messageId: '<probe@localhost>',
  sentAt: '',
  subject: '',
  accepted: [],
  rejected: [],
  response: '',
};

function neverSend(): Transporter {
  return {
    sendMail: async () => {
      throw new Error('probe must not send');
    },
  } as unknown as Transporter;
}

/**
 * Runs an activity function in this process, outside a worker: the activities only heartbeat and log when an
 * activity context exists (see activities/returns/activity-guard.ts), so none is needed — and none is faked.
 */
function runActivity(fn: ActivityFn, input: unknown): Promise<unknown> {
  return fn(input);
}

type Build = (services: PlatformServices) => Record<string, unknown>;

/** Which mails an activity call would send: its keys, found by running it against a sent-log that says "sent". */
export async function probeMailKeys(
  services: PlatformServices,
  build: Build,
  activityType: string,
  input: unknown,
): Promise<SentKey[]> {
  const keys: SentKey[] = [];
  const probeLog: SentLog = {
    async get(key) {
      keys.push(key);
      return FAKE;
    },
    async record() {},
    async claim() {
      return null;
    },
    async markSending() {},
    async sending() {
      return null;
    },
    async clearSending() {},
  };
  const acts = build({ ...services, sentLog: probeLog, transport: neverSend() });
  const fn = acts[activityType] as ActivityFn | undefined;
  if (typeof fn !== 'function') return [];
  await runActivity(fn, input);
  return keys;
}

async function nextResendKey(log: SentLog, key: SentKey): Promise<SentKey> {
  for (let n = 1; ; n++) {
    const candidate = { ...key, step: `${key.step}#resend-${n}` };
    if (!(await log.get(candidate))) return candidate;
  }
}

/** Re-sends exactly the mail `target.key` (see module doc) and returns what went out. */
export async function resendMail(
  services: PlatformServices,
  build: Build,
  target: MailCandidate,
  input: unknown,
): Promise<ResendResult> {
  const real = services.sentLog;
  const wanted = sentKeyHash(target.key);
  const resendKey = await nextResendKey(real, target.key);
  const from = services.config.smtp.from;
  const domain = from.slice(from.lastIndexOf('@') + 1).replace(/>.*$/, '');
  const messageId = mailMessageId(resendKey, domain);
  const original = await real.get(target.key);
  let accepted: string[] = [];
  let sends = 0;

  const redirected: SentLog = {
    get: (key) => (sentKeyHash(key) === wanted ? real.get(resendKey) : Promise.resolve(FAKE)),
    record: (key, rec) => (sentKeyHash(key) === wanted ? real.record(resendKey, rec) : Promise.resolve()),
    claim: (key, leaseMs) => (sentKeyHash(key) === wanted ? real.claim(resendKey, leaseMs) : Promise.resolve(null)),
    markSending: (key, m) => (sentKeyHash(key) === wanted ? real.markSending(resendKey, m) : Promise.resolve()),
    sending: (key) => (sentKeyHash(key) === wanted ? real.sending(resendKey) : Promise.resolve(null)),
    clearSending: (key) => (sentKeyHash(key) === wanted ? real.clearSending(resendKey) : Promise.resolve()),
  };
  const inner = services.transport;
  const transport = {
    async sendMail(mail: Record<string, unknown>) {
      sends++;
      const headers = { ...((mail.headers as Record<string, string> | undefined) ?? {}) };
      if (original?.messageId) headers['X-Aftersales-Resend-Of'] = original.messageId;
      const info = (await inner.sendMail({ ...mail, messageId, headers })) as { accepted?: unknown[] };
      accepted = (info.accepted ?? []).map(String);
      return info;
    },
  } as unknown as Transporter;

  const acts = build({ ...services, sentLog: redirected, transport });
  await runActivity(acts[target.activityType] as ActivityFn, input);
  if (sends !== 1) throw new Error(`expected exactly one mail to go out, ${sends} did`);
  const rec = await real.get(resendKey);
  return { original: target, resendKey, messageId, sentAt: rec?.sentAt ?? new Date().toISOString(), accepted };
}
