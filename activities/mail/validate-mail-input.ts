import { ApplicationFailure } from '@temporalio/common';
import { ConfigError } from '../../domain/errors';

/** A bare address, or a display name with an address (the name may be Chinese; nodemailer encodes it). */
export type MailAddress = string | { name: string; address: string };

/** Failure types thrown by the mail activities, for callers that branch on them. */
export const MailFailure = {
  InvalidAddress: 'InvalidAddress',
  InvalidHeader: 'InvalidHeader',
  InvalidMail: 'InvalidMail',
  SmtpRejected: 'SmtpRejected',
  AttachmentNotFound: 'AttachmentNotFound',
  AttachmentMismatch: 'AttachmentMismatch',
  MailNotFound: 'MailNotFound',
} as const;

// Dot-atom local part (RFC 5322, no quoted strings) and a host name of letters/digits/hyphens; Unicode
// letters are allowed in the domain because nodemailer punycodes it.
const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const ADDRESS_RE = new RegExp(`^${LOCAL}@${LABEL}(?:\\.${LABEL})*$`, 'u');
// CR, LF and every other control character: any of them in a header is an injection attempt or garbage.
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/u;

/** The bare address part of an email address (throws nonRetryable InvalidAddress when malformed). */
export function checkAddress(address: string, field: string): string {
  if (typeof address !== 'string' || CONTROL_RE.test(address) || address.length > 254 || !ADDRESS_RE.test(address)) {
    throw ApplicationFailure.nonRetryable(
      `Invalid email address in "${field}": ${JSON.stringify(address)}`,
      MailFailure.InvalidAddress,
    );
  }
  return address;
}

/** Validates one recipient: the address, and a display name without line breaks. */
export function checkMailAddress(value: MailAddress, field: string): MailAddress {
  if (typeof value === 'string') return checkAddress(value, field);
  if (typeof value !== 'object' || value === null) {
    throw ApplicationFailure.nonRetryable(`Missing email address in "${field}"`, MailFailure.InvalidAddress);
  }
  if (typeof value.name !== 'string' || CONTROL_RE.test(value.name) || value.name.length > 200) {
    throw ApplicationFailure.nonRetryable(
      `Invalid display name in "${field}": ${JSON.stringify(value.name)} (no line breaks or control characters, at most 200 characters)`,
      MailFailure.InvalidAddress,
    );
  }
  checkAddress(value.address, field);
  return { name: value.name, address: value.address };
}

export function checkMailAddresses(value: MailAddress | MailAddress[] | undefined, field: string): MailAddress[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => checkMailAddress(v, list.length > 1 ? `${field}[${i}]` : field));
}

export function addressOf(value: MailAddress): string {
  return typeof value === 'string' ? value : value.address;
}

/** Subject must be one line: a CR/LF here would let the caller append headers such as Bcc. */
export function checkSubject(subject: string): string {
  if (typeof subject !== 'string' || subject.trim() === '' || CONTROL_RE.test(subject) || subject.length > 900) {
    throw ApplicationFailure.nonRetryable(
      `Invalid subject ${JSON.stringify(subject)}: must be one non-empty line without control characters`,
      MailFailure.InvalidHeader,
    );
  }
  return subject;
}

/** The address inside a From value such as `售后服务部 <aftersales@example.com>` or a bare address. */
export function parseFrom(from: string): { name?: string; address: string } {
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>]+)>\s*$/u.exec(from);
  const name = m?.[1]?.trim();
  const address = (m ? m[2] : from)?.trim() ?? '';
  if (CONTROL_RE.test(from) || !ADDRESS_RE.test(address)) {
    throw new ConfigError(`Invalid sender address (mail "from") ${JSON.stringify(from)}`, { from });
  }
  return name ? { name, address } : { address };
}
