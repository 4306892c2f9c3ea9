import { ApplicationFailure } from '@temporalio/common';
import type { NodemailerError } from 'nodemailer';
import { MailFailure } from './validate-mail-input';

// Errors nodemailer raises before anything is sent, about the message itself: retrying cannot help.
const PERMANENT_LOCAL_CODES = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'ECONFIG',
  'EMAXRECIPIENTS',
  'EFILEACCESS',
  'EURLACCESS',
]);
// Credentials are configuration the operator fixes while Temporal keeps retrying; failing the workflow
// for a wrong password would force every run to be restarted by hand.
const OPERATOR_FIXABLE_CODES = new Set(['EAUTH', 'ENOAUTH']);

/**
 * Maps a nodemailer failure to what the activity should throw:
 * - a permanent SMTP reply (5xx except 503) or a malformed message → nonRetryable `SmtpRejected`;
 * - connection/DNS/TLS errors, timeouts, 4xx replies, 503 and authentication failures → the original error,
 *   thrown plainly so Temporal retries with its backoff.
 */
export function classifySmtpError(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(`SMTP send failed: ${String(err)}`);
  if (err instanceof ApplicationFailure) return err;
  const e = err as NodemailerError;
  if (e.code && OPERATOR_FIXABLE_CODES.has(e.code)) return err;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent =
    responseCode !== undefined
      ? (e.permanent ?? (responseCode >= 500 && responseCode !== 503))
      : e.code !== undefined && PERMANENT_LOCAL_CODES.has(e.code);
  if (!permanent) return err;
  const reply = e.response ?? e.message;
  return ApplicationFailure.create({
    message: `SMTP server rejected the message permanently${e.command ? ` at ${e.command}` : ''}: ${reply}`,
    type: MailFailure.SmtpRejected,
    nonRetryable: true,
    details: [
      { responseCode: responseCode ?? null, code: e.code ?? null, command: e.command ?? null, response: reply },
    ],
    cause: err,
  });
}
