/**
 * The dealer list as the demo's people know it: ids for the dunning children and names for the printed lines
 * ("唐山鑫源特约维修站 confirmed the statement …" reads better than an address).
 */
import { firstSource } from '../../config/schema';
import { readTable } from '../../activities/sheets/read-table';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { dataPath } from '../../config/load-config';
import { schemas } from '../../domain/sheets';
import type { DemoContext } from './demo-context';

/** Reads the configured dealer sheet (valid rows), remembers each dealer's name by address, returns the ids. */
export async function learnDealers(ctx: DemoContext): Promise<string[]> {
  const src = firstSource(ctx.cfg.sources.dealers);
  if (src?.kind !== 'excel') return [];
  const table = await readTable(
    createExcelBackend({ root: ctx.cfg.dataDirAbs }),
    { kind: 'excel', path: dataPath(ctx.cfg, src.path), ...(src.sheet ? { sheet: src.sheet } : {}) },
    schemas.dealers,
    { policy: 'proceed-with-valid', ...(src.mapping ? { mapping: src.mapping } : {}) },
  );
  for (const r of table.rows) ctx.names.set(r.email.toLowerCase(), r.name);
  return table.rows.map((r) => r.dealerId);
}
