import { AppError } from '../../domain/errors';
import type { ArchiveStore } from './archive-store';
import type { AuditEvent, AuditLog } from './audit-log';
import type { ChainVerification } from './hash-chain';
import type { ArchiveMeta, ArchiveRef, DataRef } from './types';
import type { WorkStore } from './work-store';

export interface ArchiveDocumentInput {
  meta: ArchiveMeta;
  /** The bytes, previously stored with `WorkStore.putBytes` (history carries only this hash). */
  content: DataRef;
}

export interface RecordAuditInput extends Omit<AuditEvent, 'at' | 'eventId'> {
  /** Required here: the same id on a retry or replay writes nothing new. */
  eventId: string;
  at?: string;
}

/**
 * Archive activities for workflows. `work` is needed only by `archiveDocument` (bytes travel by work-store
 * reference, never through history).
 */
export function createArchiveActivities(deps: { store: ArchiveStore; audit: AuditLog; work?: WorkStore }) {
  return {
    /**
     * Archives a document whose bytes are in the work store. Side effect: a file and an index entry in the
     * archive. Idempotent per (workflowId, kind, fileName, SHA-256): a retry returns the same ref. Bad metadata or
     * a missing/corrupt work blob fail non-retryably; I/O errors and lock timeouts are retried by Temporal.
     */
    async archiveDocument(input: ArchiveDocumentInput): Promise<ArchiveRef> {
      if (!deps.work) throw new AppError('ArchiveNotConfigured', 'archiveDocument needs a work store');
      return deps.store.putDocument(await deps.work.getBytes(input.content), input.meta);
    },

    /**
     * Appends an event (e.g. an approval decision) to the hash-chained audit log. Idempotent by `eventId`:
     * a retried or replayed call returns the first entry's seq without writing again.
     */
    async recordAudit(event: RecordAuditInput): Promise<{ seq: number; entryHash: string }> {
      if (!event.eventId) throw new AppError('AuditEventInvalid', 'recordAudit needs an eventId for idempotency');
      const entry = await deps.audit.record(event);
      return { seq: entry.seq, entryHash: entry.entryHash };
    },

    /** Checks the archive index chain and every document's bytes; read-only, safe to retry. */
    async verifyArchive(): Promise<ChainVerification & { filesChecked: number; orphanFiles: string[] }> {
      return deps.store.verifyChain();
    },
  };
}

export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
