import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { SendMailOptions } from 'nodemailer';
import { AppError } from '../../domain/errors';
import { MailFailure } from './validate-mail-input';

/** An archived document as the mail activity needs it; looked up by id, never carried in workflow history. */
export interface MailDocument {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

export interface MailDocumentSource {
  /** Throws a permanent AppError (or ENOENT) when the document does not exist. */
  getDocument(docId: string): Promise<MailDocument>;
}

/** Fetches attachments by document id (never bytes through workflow history) and checks their hashes. */
export async function loadAttachments(
  refs: { docId: string; sha256?: string }[] | undefined,
  documents: MailDocumentSource | undefined,
): Promise<NonNullable<SendMailOptions['attachments']>> {
  if (!refs || refs.length === 0) return [];
  if (!documents) {
    throw ApplicationFailure.nonRetryable(
      'Mail has attachments but no document store is configured',
      MailFailure.InvalidMail,
    );
  }
  return Promise.all(
    refs.map(async (ref) => {
      if (typeof ref?.docId !== 'string' || ref.docId === '') {
        throw ApplicationFailure.nonRetryable('Attachment docId must be a non-empty string', MailFailure.InvalidMail);
      }
      let doc: MailDocument;
      try {
        doc = await documents.getDocument(ref.docId);
      } catch (err) {
        const missing = (err instanceof AppError && err.permanent) || (err as NodeJS.ErrnoException).code === 'ENOENT';
        if (!missing) throw err;
        throw ApplicationFailure.nonRetryable(
          `Attachment document ${ref.docId} not found: ${(err as Error).message}`,
          MailFailure.AttachmentNotFound,
        );
      }
      const actual = createHash('sha256').update(doc.bytes).digest('hex');
      if (ref.sha256 && ref.sha256.toLowerCase() !== actual) {
        throw ApplicationFailure.nonRetryable(
          `Attachment ${ref.docId} (${doc.fileName}) has SHA-256 ${actual}, expected ${ref.sha256}`,
          MailFailure.AttachmentMismatch,
        );
      }
      return { filename: doc.fileName, content: doc.bytes, contentType: doc.contentType };
    }),
  );
}
