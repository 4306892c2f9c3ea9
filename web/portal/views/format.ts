import { DateTime } from 'luxon';
import { documentKindLabel } from '../../../domain/document-kinds';
import type { PortalMessages } from '../portal-messages';

export function formatTime(iso: string, tz: string): string {
  const dt = DateTime.fromISO(iso).setZone(tz);
  return dt.isValid ? dt.toFormat('yyyy-LL-dd HH:mm:ss') : iso;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The document kind's name in the page's language (domain/document-kinds.ts is the one list). */
export const kindLabel = (m: PortalMessages, kind: string): string => documentKindLabel(kind, m.locale);
