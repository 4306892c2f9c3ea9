import type { DocumentKind } from '../../domain/document-kinds';

/** What the archive records about every generated document (the index entry minus chain fields). */
export interface ArchiveMeta {
  workflowId: string;
  runId: string;
  /** Accounting period, e.g. "2026-11". */
  period: string;
  /** Document kind, e.g. "stocktake-report", "statement", "grn" (the list and its names: domain/document-kinds.ts). */
  kind: DocumentKind;
  fileName: string;
  title?: string;
  /** Optional business keys used by the auditor portal's filters. */
  dealerId?: string;
  warehouse?: string;
  department?: string;
  recipients: string[];
  contentType?: string;
  /**
   * How a rendered document was made: its template, the SHA-256 of its data in the work store, the time printed and
   * the locale. The same inputs render the same bytes, so an auditor (`aftersales audit tie-out`) can read what the
   * document states from its data and prove it by rendering it again.
   */
  rendering?: ArchiveRendering;
}

export interface ArchiveRendering {
  template: string;
  dataSha256: string;
  generatedAt: string;
  locale: string;
}

/** A reference to an archived document: all a workflow ever carries about a PDF. */
export interface ArchiveRef {
  docId: string;
  sha256: string;
  size: number;
  fileName: string;
}

/** A reference to a content-addressed JSON blob in the work store (intermediate data, never in history). */
export interface DataRef {
  sha256: string;
}
