/**
 * Content hash of a generated table (tab name, header, rows), used by both backends to make writes idempotent:
 * the same result written twice is recognised and not written again.
 */
import { createHash } from 'node:crypto';

export type WritableCell = string | number | boolean | Date | null;

export function tableContentHash(
  tab: string,
  header: readonly string[],
  rows: readonly (readonly WritableCell[])[],
): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([tab, header]));
  for (const row of rows) h.update(`\n${JSON.stringify(row)}`);
  return h.digest('hex');
}
