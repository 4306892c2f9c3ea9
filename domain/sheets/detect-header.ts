/**
 * Finds the header row under any title rows and maps schema fields to columns, by alias or by an explicit
 * field → header mapping from config.
 */
import { ConfigError } from '../errors';
import { isBlankCell, type CellValue, type RawRowLike } from './cell-value';
import type { AnyFieldDef } from './field-types';
import { headerKeys, normalizeKey } from './normalize-text';
import type { FieldMap, FieldMapping, Schema } from './schema';

export interface ColumnMatch<K extends string = string> {
  field: K;
  /** 0-based column index. */
  index: number;
  /** Header text as it appears in the sheet. */
  header: string;
}

export interface HeaderMatch<K extends string = string> {
  rowNumber: number;
  columns: ColumnMatch<K>[];
  /** Fields whose mapped header text (from config) is not in the header row. */
  mappingMisses: { field: K; header: string }[];
}

function cellText(value: CellValue | undefined): string {
  return isBlankCell(value) ? '' : String(value);
}

/** Rejects a configured mapping that names fields the schema does not have (a typo would otherwise be ignored). */
export function assertMappingFields<F extends FieldMap>(schema: Schema<F>, mapping: FieldMapping<F> = {}): void {
  const unknown = Object.keys(mapping).filter((k) => !(k in schema.fields));
  if (unknown.length) {
    throw new ConfigError(`column mapping for ${schema.name} names unknown field(s): ${unknown.join(', ')}`, {
      schema: schema.name,
      unknown,
      fields: Object.keys(schema.fields),
    });
  }
}

/** Maps the cells of one candidate header row; the first column wins when two carry the same field. */
export function matchHeaderRow<F extends FieldMap>(
  schema: Schema<F>,
  row: RawRowLike,
  mapping: FieldMapping<F> = {},
): HeaderMatch<keyof F & string> {
  type K = keyof F & string;
  const mapped = new Map<string, K>();
  for (const [fieldKey, header] of Object.entries(mapping) as [K, string | undefined][]) {
    if (header) mapped.set(normalizeKey(header), fieldKey);
  }
  const columns: ColumnMatch<K>[] = [];
  const taken = new Set<K>();
  row.cells.forEach((value, index) => {
    const text = cellText(value);
    if (text === '') return;
    const keys = headerKeys(text);
    let fieldKey = mapped.get(keys[0] ?? '');
    if (fieldKey === undefined) {
      for (const k of keys) {
        const hit = schema.headerIndex.get(k);
        // A field configured with an explicit header only matches that header.
        if (hit !== undefined && mapping[hit] === undefined) {
          fieldKey = hit;
          break;
        }
      }
    }
    if (fieldKey === undefined || taken.has(fieldKey)) return;
    taken.add(fieldKey);
    columns.push({ field: fieldKey, index, header: text });
  });
  const mappingMisses = (Object.entries(mapping) as [K, string | undefined][])
    .filter(([k, header]) => header && !taken.has(k))
    .map(([field, header]) => ({ field, header: header as string }));
  return { rowNumber: row.rowNumber, columns, mappingMisses };
}

/** Score of a candidate header row: required fields count double, so a title that happens to say "日期" loses. */
export function scoreHeader<F extends FieldMap>(schema: Schema<F>, match: HeaderMatch): number {
  return match.columns.reduce((s, c) => s + ((schema.fields[c.field] as AnyFieldDef).required ? 2 : 1), 0);
}

/** Picks the best-scoring row among the first rows of a sheet; null when no row matches any field. */
export function detectHeader<F extends FieldMap>(
  schema: Schema<F>,
  rows: readonly RawRowLike[],
  mapping: FieldMapping<F> = {},
): HeaderMatch<keyof F & string> | null {
  let best: HeaderMatch<keyof F & string> | null = null;
  let bestScore = 0;
  for (const row of rows) {
    const m = matchHeaderRow(schema, row, mapping);
    const score = scoreHeader(schema, m);
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** Maximum score a header row can reach, so detection can stop early on a perfect match. */
export function perfectScore<F extends FieldMap>(schema: Schema<F>): number {
  return Object.values(schema.fields).reduce((s, f) => s + ((f as AnyFieldDef).required ? 2 : 1), 0);
}
