import { isDocumentKind, type DocumentKind } from '../../domain/document-kinds';
import { AppError } from '../../domain/errors';
import type { ArchiveMeta } from './types';

// Control characters would break the portal's headers and the JSONL index's readability.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function rendering(r: ArchiveMeta['rendering'], fail: (field: string, problem: string) => never) {
  if (r === undefined || r === null) return undefined;
  const ok =
    typeof r === 'object' &&
    /^[a-z0-9-]{1,60}$/.test(String(r.template)) &&
    /^[0-9a-f]{64}$/.test(String(r.dataSha256)) &&
    typeof r.generatedAt === 'string' &&
    r.generatedAt.length <= 40 &&
    typeof r.locale === 'string' &&
    r.locale.length <= 10;
  if (!ok) return fail('rendering', 'must be { template, dataSha256, generatedAt, locale }');
  return { template: r.template, dataSha256: r.dataSha256, generatedAt: r.generatedAt, locale: r.locale };
}

/**
 * Copies only the known ArchiveMeta fields (so stray properties never land in the index) and checks them.
 * Throws a permanent AppError naming the field: bad metadata is a programming error, retrying will not help.
 */
export function validateArchiveMeta(meta: ArchiveMeta): ArchiveMeta {
  const fail = (field: string, problem: string): never => {
    throw new AppError('ArchiveMetaInvalid', `archive metadata field "${field}" ${problem}`, { field, meta });
  };
  const req = (field: keyof ArchiveMeta, max: number): string => {
    const v = meta[field];
    if (typeof v !== 'string' || v.trim() === '') return fail(field, 'is required');
    if (v.length > max) return fail(field, `is longer than ${max} characters`);
    if (CONTROL.test(v)) return fail(field, 'contains control characters');
    return v;
  };
  const opt = (field: keyof ArchiveMeta, max: number): string | undefined =>
    meta[field] === undefined || meta[field] === null ? undefined : req(field, max);
  const documentKind = (kind: string): DocumentKind =>
    isDocumentKind(kind) ? kind : fail('kind', `"${kind}" is not a document kind of domain/document-kinds.ts`);
  if (!Array.isArray(meta.recipients)) fail('recipients', 'must be an array of addresses');
  const recipients = meta.recipients.map((r, i) => {
    if (typeof r !== 'string' || CONTROL.test(r) || r.length > 320) fail(`recipients[${i}]`, 'is not a valid address');
    return r;
  });
  const fileName = req('fileName', 200);
  if (/[/\\]/.test(fileName) || fileName === '.' || fileName === '..') fail('fileName', 'must be a bare file name');
  const clean: ArchiveMeta = {
    workflowId: req('workflowId', 300),
    runId: req('runId', 100),
    period: req('period', 40),
    kind: documentKind(req('kind', 60)),
    fileName,
    title: opt('title', 300),
    dealerId: opt('dealerId', 100),
    warehouse: opt('warehouse', 100),
    department: opt('department', 100),
    recipients,
    contentType: opt('contentType', 100),
    rendering: rendering(meta.rendering, fail),
  };
  for (const k of Object.keys(clean) as (keyof ArchiveMeta)[]) if (clean[k] === undefined) delete clean[k];
  return clean;
}
