import { documentKindLabel } from '../../domain/document-kinds';
import { documentFormat } from '../document-response';
import type { Lang } from '../i18n';
import type { Attachment } from './step-page';

/** What the archive says about one document (any of it may be missing for an entry the index no longer has). */
export interface AttachmentFacts {
  docId: string;
  /** The workflow's label for it (a file name). */
  label?: string;
  fileName?: string;
  kind?: string;
  contentType?: string;
}

/** The last segment of a name, so a label that carries a folder never shows the server's layout. */
const bareName = (name: string): string => name.split(/[\\/]/).filter(Boolean).pop() ?? '';

/** The step's documents as a person sees them: a bare name, the right badge, preview for PDFs, download for the rest. */
export function describeAttachments(facts: AttachmentFacts[], lang: Lang): Attachment[] {
  return facts.map((f) => {
    const fileName = bareName(f.fileName ?? f.label ?? '');
    const name = bareName(f.label ?? '') || fileName || (f.kind ? documentKindLabel(f.kind, lang) : '—');
    const format = documentFormat(fileName || name, f.contentType);
    const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName || name)?.[1]?.toUpperCase();
    const badge =
      format === 'pdf' ? 'PDF' : format === 'xlsx' ? 'XLSX' : (extension ?? (lang === 'en' ? 'FILE' : '文件'));
    return { docId: f.docId, name, format, badge };
  });
}
