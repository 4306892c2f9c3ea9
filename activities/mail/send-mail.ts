import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { AppError } from '../../domain/errors';
import { hostname } from 'node:os';
import { classifySmtpError } from './classify-smtp-error';
import { BEFORE_CONTENT, installContentGate } from './content-gate';
import { type MailDocumentSource, loadAttachments } from './load-attachments';
import {
  type SendClaim,
  type SendingMarker,
  type SentKey,
  type SentLog,
  type SentRecord,
  sentKeyHash,
} from './sent-log';
import {
  type MailAddress,
  MailFailure,
  checkMailAddress,
  checkMailAddresses,
  checkSubject,
  parseFrom,
} from './validate-mail-input';

export type { MailAddress } from './validate-mail-input';
export type { MailDocument, MailDocumentSource } from './load-attachments';

export interface MailActivityDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any transport flavour (SMTP, pooled SMTP)
  transport: Transporter<any, any>;
  /** Sender, e.g. `售后服务部 <aftersales@example.com>`; its domain is the Message-ID domain. */
  from: string;
  sentLog: SentLog;
  documents?: MailDocumentSource;
  /**
   * Where each message is kept as it went out (content-addressed, the work store), referenced from its sent-log
   * record so that resendMail can send exactly that message again. Absent: not kept (such a mail cannot be resent).
   */
  messages?: { putJson(value: unknown): Promise<{ sha256: string }> };
  /** How long a send claim holds. Must exceed the mail activity's startToCloseTimeout. Default 10 min. */
  claimLeaseMs?: number;
  /** How long to wait for a concurrent sender of the same key before failing for a later retry. Default 5 s. */
  inFlightWaitMs?: number;
  /**
   * Told (before the resend) when a mail is sent again after an attempt that handed its content to SMTP and never
   * learnt the outcome: the recipient may get it twice. worker.ts writes it to the audit log. Must be idempotent.
   */
  onPossibleDuplicate?: (event: PossibleDuplicate) => Promise<void>;
}

export interface PossibleDuplicate {
  key: SentKey;
  messageId: string;
  subject: string;
  /** When the earlier, unfinished attempt handed the content over. */
  firstAttemptAt: string;
}

export interface SendMailInput {
  key: SentKey;
  to: MailAddress;
  cc?: MailAddress | MailAddress[];
  replyTo?: MailAddress;
  subject: string;
  text: string;
  html?: string;
  /** Archived documents to attach; `sha256`, when given, is checked against the bytes fetched. */
  attachments?: { docId: string; sha256?: string }[];
  /** Extra header lines (resendMail names the original: `X-Aftersales-Resend-Of`). */
  headers?: Record<string, string>;
}

/** A message as kept in the work store: everything of SendMailInput but its key (a resend goes under another). */
export type StoredMessage = Omit<SendMailInput, 'key'>;

export interface SendMailResult {
  status: 'sent' | 'already-sent';
  messageId: string;
  sentAt: string;
  /** The mail went out again after an attempt with an unknown outcome: it may have arrived twice. */
  possiblyDuplicated?: true;
}

/** The Message-ID of the mail for `key`: the same on every attempt, so receiving systems can drop a duplicate. */
export function mailMessageId(key: SentKey, domain: string): string {
  return `<${sentKeyHash(key).slice(0, 40)}@${domain}>`;
}

export function createMailActivities(deps: MailActivityDeps) {
  const sender = parseFrom(deps.from);
  const domain = sender.address.slice(sender.address.lastIndexOf('@') + 1);
  const leaseMs = deps.claimLeaseMs ?? 10 * 60_000;
  const inFlightWaitMs = deps.inFlightWaitMs ?? 5_000;
  const gated = installContentGate(deps.transport);
  // Accepted by SMTP but the sent-log write failed: kept so the retry in this process records instead of resending.
  const unrecorded = new Map<string, { rec: SentRecord; claim: SendClaim }>();

  const already = (rec: SentRecord): SendMailResult => ({
    status: 'already-sent',
    messageId: rec.messageId,
    sentAt: rec.sentAt,
    ...(rec.possiblyDuplicated ? { possiblyDuplicated: true as const } : {}),
  });

  return {
    /**
     * Sends one email over SMTP, at most once per `key` (workflow id + step + recipient).
     *
     * Side effects: one SMTP transaction; one sent-log record. Idempotency: the sent-log is checked first and a
     * leased claim stops concurrent attempts; a sending marker is recorded before the first byte of content goes
     * to the server and the record right after the SMTP accept. SMTP cannot make accept-and-record atomic: an
     * attempt that dies (or loses the connection) between the two leaves the marker, and the retry resends with the
     * same Message-ID, records the mail as possibly duplicated and reports it (onPossibleDuplicate) — never silently.
     * Attachments are fetched by document id from the archive. Retries: invalid addresses/subject, permanent
     * SMTP replies (5xx) and missing attachments fail with a nonRetryable ApplicationFailure (see MailFailure);
     * connection errors, timeouts and 4xx replies are thrown plainly so Temporal retries.
     */
    async sendMail(input: SendMailInput): Promise<SendMailResult> {
      const mail = validateInput(input);
      const key = input.key;
      const hash = sentKeyHash(key);

      const pending = unrecorded.get(hash);
      if (pending) {
        await deps.sentLog.record(key, pending.rec);
        unrecorded.delete(hash);
        await pending.claim.release().catch(() => undefined);
        return already(pending.rec);
      }
      const done = await deps.sentLog.get(key);
      if (done) return already(done);

      const attachments = await loadAttachments(input.attachments, deps.documents);
      const { key: _key, ...content } = input;
      const message = deps.messages ? await deps.messages.putJson(content satisfies StoredMessage) : undefined;
      const claim = await deps.sentLog.claim(key, leaseMs);
      if (!claim) {
        const rec = await waitForRecord(deps.sentLog, key, inFlightWaitMs);
        if (rec) return already(rec);
        const message = `Another attempt is sending mail ${hash.slice(0, 12)}; retry later`;
        throw new AppError('MailSendInFlight', message, { key }, false);
      }

      const messageId = mailMessageId(key, domain);
      let info: { accepted?: unknown[]; rejected?: unknown[]; response?: string };
      let earlier: SendingMarker | null = null;
      let handedOver = false;
      let marking: Promise<void> | undefined;
      const beforeContent = () =>
        (marking ??= (async () => {
          if (!earlier) await deps.sentLog.markSending(key, marker(messageId));
          handedOver = true;
        })());
      try {
        const raced = await deps.sentLog.get(key);
        if (raced) {
          await claim.release();
          return already(raced);
        }
        earlier = await deps.sentLog.sending(key);
        if (earlier) {
          const firstAttemptAt = earlier.at;
          await deps.onPossibleDuplicate?.({ key, messageId, subject: mail.subject, firstAttemptAt });
        }
        if (!gated) await beforeContent();
        const options: SendMailOptions = { ...mail, from: deps.from, messageId, attachments };
        info = await deps.transport.sendMail({ ...options, [BEFORE_CONTENT]: beforeContent } as SendMailOptions);
      } catch (err) {
        // A reply from the server is a definite refusal: nothing was delivered by this attempt.
        const refused = typeof (err as { responseCode?: unknown }).responseCode === 'number';
        // The gate may have started writing the marker while the envelope was refused (the content stream is read
        // ahead of DATA): let that write finish, so a refusal never leaves a marker behind to flag a duplicate.
        await marking?.catch(() => undefined);
        if (handedOver && refused && !earlier) await deps.sentLog.clearSending(key).catch(() => undefined);
        await claim.release().catch(() => undefined);
        throw classifySmtpError(err);
      }

      const rec: SentRecord = {
        messageId,
        sentAt: new Date().toISOString(),
        subject: mail.subject,
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
        response: String(info.response ?? ''),
        ...(earlier ? { possiblyDuplicated: { firstAttemptAt: earlier.at } } : {}),
        ...(message ? { message: { sha256: message.sha256 } } : {}),
        ...(activityType() ? { sentBy: activityType() } : {}),
      };
      try {
        await deps.sentLog.record(key, rec);
      } catch (err) {
        unrecorded.set(hash, { rec, claim });
        throw err;
      }
      await claim.release().catch(() => undefined);
      return {
        status: 'sent',
        messageId,
        sentAt: rec.sentAt,
        ...(earlier ? { possiblyDuplicated: true as const } : {}),
      };
    },
  };
}

export type MailActivities = ReturnType<typeof createMailActivities>;

function validateInput(input: SendMailInput): SendMailOptions & { subject: string } {
  const k = input?.key;
  for (const field of ['workflowId', 'step', 'recipient'] as const) {
    if (typeof k?.[field] !== 'string' || k[field].trim() === '') {
      throw ApplicationFailure.nonRetryable(`Mail key.${field} must be a non-empty string`, MailFailure.InvalidMail);
    }
  }
  if (typeof input.text !== 'string' || input.text.trim() === '') {
    throw ApplicationFailure.nonRetryable('Mail text must be a non-empty string', MailFailure.InvalidMail);
  }
  if (input.html !== undefined && typeof input.html !== 'string') {
    throw ApplicationFailure.nonRetryable('Mail html must be a string', MailFailure.InvalidMail);
  }
  const cc = checkMailAddresses(input.cc, 'cc');
  return {
    to: checkMailAddress(input.to, 'to'),
    ...(cc.length ? { cc } : {}),
    ...(input.replyTo !== undefined ? { replyTo: checkMailAddress(input.replyTo, 'replyTo') } : {}),
    subject: checkSubject(input.subject),
    text: input.text,
    ...(input.html !== undefined ? { html: input.html } : {}),
    ...(input.headers ? { headers: checkHeaders(input.headers) } : {}),
  };
}

function checkHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) {
    if (!/^X-[A-Za-z0-9-]+$/.test(name) || typeof value !== 'string' || /[\r\n]/.test(value)) {
      throw ApplicationFailure.nonRetryable(`Mail header ${name} is not allowed`, MailFailure.InvalidHeader);
    }
  }
  return headers;
}

/** The activity this send runs in (sendActionRequest calls sendMail inside itself), or undefined outside one. */
function activityType(): string | undefined {
  try {
    return Context.current().info.activityType;
  } catch {
    return undefined;
  }
}

function marker(messageId: string): SendingMarker {
  return { messageId, at: new Date().toISOString(), host: hostname(), pid: process.pid };
}

async function waitForRecord(log: SentLog, key: SentKey, waitMs: number): Promise<SentRecord | null> {
  const until = Date.now() + waitMs;
  for (;;) {
    const rec = await log.get(key);
    if (rec || Date.now() >= until) return rec;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
