import { join } from 'node:path';
import { AppError } from '../../domain/errors';
import type { FileLockOptions } from './file-lock';
import type { Chained, ChainVerification } from './hash-chain';
import { HashChainedLog } from './hash-chained-log';

/** Actions written by this system; other strings are accepted for future uses. */
export type AuditAction =
  | 'approval.decision'
  | 'portal.login.ok'
  | 'portal.login.failed'
  | 'portal.login.throttled'
  | 'portal.logout'
  | 'portal.download'
  | 'portal.verify-chain'
  | 'portal.verify-file'
  | (string & {});

export interface AuditEvent {
  /** ISO-8601 instant; defaults to now. */
  at: string;
  /** Who did it: a portal user name, an approver's email, "system". */
  actor: string;
  action: AuditAction;
  /** What it was done to: a document id, a workflow/step, a user name. */
  target: string;
  detail?: Record<string, unknown>;
  /** Caller-chosen id making `record` idempotent (e.g. workflowId + step + decision). */
  eventId?: string;
}

export type AuditEntry = Chained<AuditEvent>;

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  /** Newest first, at most this many. */
  limit?: number;
}

/**
 * Append-only, hash-chained audit log at `<root>/audit/audit-log.jsonl` (same chaining and locking as the archive
 * index). Records approval decisions, portal logins (ok and failed), downloads and verifications.
 */
export class AuditLog {
  private readonly log: HashChainedLog<AuditEvent>;
  private readonly now: () => Date;

  constructor(opts: { root: string; now?: () => Date; lock?: FileLockOptions }) {
    this.log = new HashChainedLog<AuditEvent>(join(opts.root, 'audit', 'audit-log.jsonl'), opts.lock);
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Appends one event. With an `eventId`, a second call with the same id returns the first entry and writes
   * nothing, so an activity retry or replay never logs twice. Missing actor/action/target is a permanent error.
   */
  async record(event: Omit<AuditEvent, 'at'> & { at?: string }): Promise<AuditEntry> {
    for (const field of ['actor', 'action', 'target'] as const) {
      if (typeof event[field] !== 'string' || event[field] === '') {
        throw new AppError('AuditEventInvalid', `audit event field "${field}" is required`, { field });
      }
    }
    const body: AuditEvent = {
      at: event.at ?? this.now().toISOString(),
      actor: event.actor,
      action: event.action,
      target: event.target,
      ...(event.detail ? { detail: event.detail } : {}),
      ...(event.eventId ? { eventId: event.eventId } : {}),
    };
    return this.log.transact((entries, append) => {
      const existing = event.eventId ? findLast(entries, (e) => e.eventId === event.eventId) : undefined;
      return existing ?? append(body);
    });
  }

  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    const entries = await this.log.entries();
    for (let i = entries.length - 1; i >= 0 && out.length < (filter.limit ?? Infinity); i--) {
      const e = entries[i] as AuditEntry;
      if (filter.action && e.action !== filter.action) continue;
      if (filter.actor && e.actor !== filter.actor) continue;
      if (filter.target && e.target !== filter.target) continue;
      out.push(e);
    }
    return out;
  }

  /** Re-reads the log and checks its chain; read-only. */
  verifyChain(): Promise<ChainVerification> {
    return this.log.verify();
  }
}

function findLast<T>(list: readonly T[], pred: (t: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i] as T)) return list[i];
  return undefined;
}
