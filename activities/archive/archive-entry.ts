import { canonicalJson, sha256Hex } from './canonical-json';
import type { Chained, ChainVerification } from './hash-chain';
import type { ArchiveMeta } from './types';

/** One index line before chaining: the document's identity, hash, version and the caller's metadata. */
export interface ArchiveRecord extends ArchiveMeta {
  docId: string;
  /** 1 for the first document under (workflowId, kind, fileName), n+1 for each later different content. */
  version: number;
  sha256: string;
  size: number;
  createdAt: string;
}

export type ArchiveEntry = Chained<ArchiveRecord>;

export interface ArchiveFilter {
  period?: string;
  workflowId?: string;
  kind?: string;
  dealerId?: string;
  /** Case-insensitive substring of file name, title, ids, recipients, or a SHA-256 prefix. */
  text?: string;
}

export interface ArchiveVerification extends ChainVerification {
  /** Document files whose bytes were hashed and compared with the index. */
  filesChecked: number;
  /** Files in the documents folder that no index entry names (left by a crash between file and index, or an entry removed). */
  orphanFiles: string[];
}

const DOC_ID_RE = /^doc_[0-9a-f]{32}$/;

/** True for a well-formed document id; anything else is never turned into a file name. */
export const isDocId = (s: unknown): s is string => typeof s === 'string' && DOC_ID_RE.test(s);

/**
 * The id of version `version` of the document under (workflowId, kind, fileName): derived, so a retry after a crash
 * between file and index reuses the same file name, and a key's versions can be found without a map of keys.
 */
export function deriveDocId(meta: Pick<ArchiveMeta, 'workflowId' | 'kind' | 'fileName'>, version: number): string {
  const key = canonicalJson({ workflowId: meta.workflowId, kind: meta.kind, fileName: meta.fileName, version });
  return `doc_${sha256Hex(key).slice(0, 32)}`;
}
