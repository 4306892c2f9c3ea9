import { ApplicationFailure, CancelledFailure, TemporalFailure } from '@temporalio/common';
import { AppError, ValidationError } from '../../domain/errors';
import { TransientFailure, type FailureTiming } from '../../domain/failure-kinds';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);
const FS_BUSY = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'EIO', 'ETXTBSY', 'ESTALE']);
// nodemailer's codes for a server that cannot be reached or talked to (its own, and the socket's).
const SMTP_CONNECTION = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETIMEDOUT', 'EPROTOCOL', 'ETLS', 'EENVELOPE_TEMP']);
const GRPC_UNAVAILABLE = 14;

type Failing = Error & {
  code?: unknown;
  syscall?: string;
  path?: string;
  command?: string;
  status?: unknown;
  response?: { status?: unknown };
};

/**
 * Turns whatever an activity threw into what Temporal should do with it, typed so `status` can say it in plain words:
 * - a permanent AppError (bad data, missing file, bad config) → non-retryable, typed by its code, carrying the
 *   operator's message and its context (cell problems for a ValidationError);
 * - a transient AppError (a workbook open in Excel, a concurrent edit, a lock held) → retryable, typed by its code;
 * - disk full, a busy file system, SMTP unreachable, Google 429/5xx, Temporal unavailable → retryable, typed;
 * - an ApplicationFailure already decided by the activity keeps its decision; cancellation passes through.
 * Every failure carries, as its last detail, when the activity was first scheduled (so "since 10:02" survives
 * retries). Anything else is rethrown as it is (Temporal retries it).
 */
export function toApplicationFailure(err: unknown, timing: FailureTiming): unknown {
  if (err instanceof CancelledFailure) return err;
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: err.message,
      ...(err.type ? { type: err.type } : {}),
      nonRetryable: err.nonRetryable ?? false,
      details: [...(err.details ?? []), timing],
      ...(err.nextRetryDelay != null ? { nextRetryDelay: err.nextRetryDelay } : {}),
      ...(err.cause ? { cause: err.cause } : {}),
    });
  }
  if (err instanceof TemporalFailure) return err;
  if (err instanceof AppError) {
    const context = err instanceof ValidationError ? err.problems.slice(0, 100) : err.context;
    return ApplicationFailure.create({
      message: err.message,
      type: err.code,
      nonRetryable: err.permanent,
      details: [context, timing],
      cause: err,
    });
  }
  if (!(err instanceof Error)) return err;
  const kind = transientKind(err as Failing);
  if (!kind) return err;
  const e = err as Failing;
  return ApplicationFailure.create({
    message: err.message,
    type: kind,
    nonRetryable: false,
    details: [
      {
        ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
        ...(e.path ? { path: e.path } : {}),
        ...(e.syscall ? { syscall: e.syscall } : {}),
        ...(httpStatus(e) ? { status: httpStatus(e) } : {}),
      },
      timing,
    ],
    cause: err,
  });
}

function httpStatus(e: Failing): number | undefined {
  const s = typeof e.status === 'number' ? e.status : e.response?.status;
  return typeof s === 'number' ? s : undefined;
}

function transientKind(e: Failing): string | undefined {
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && DISK_FULL.has(code)) return TransientFailure.DiskFull;
  if (code && FS_BUSY.has(code) && e.syscall) return TransientFailure.FileSystemBusy;
  if (e.command !== undefined || (code && SMTP_CONNECTION.has(code) && !e.syscall))
    return TransientFailure.SmtpUnavailable;
  if (e.code === GRPC_UNAVAILABLE && /UNAVAILABLE|connect|transport/i.test(e.message))
    return TransientFailure.TemporalUnavailable;
  const status = httpStatus(e);
  if (status !== undefined && (status === 429 || status >= 500)) return TransientFailure.SheetsUnavailable;
  return undefined;
}
