// The mail activity's document source over a real archive, as worker.ts wires it: attachments by docId.
import type { ArchiveStore } from '../../activities/archive/archive-store';
import type { MailDocumentSource } from '../../activities/mail/send-mail';
import { AppError } from '../../domain/errors';

export function archiveMailDocuments(store: ArchiveStore): MailDocumentSource {
  return {
    async getDocument(id) {
      const doc = await store.getDocument(id);
      if (!doc) throw new AppError('DocumentNotFound', `no document ${id}`);
      return {
        bytes: doc.bytes,
        fileName: doc.entry.fileName,
        contentType: doc.entry.contentType ?? 'application/pdf',
      };
    },
  };
}
