/**
 * `sheets inspect`: looks at a workbook the way a new colleague would and proposes how to read it — per sheet the
 * header row, the table it most likely is (with a confidence), each column's field (with a confidence), unmapped
 * columns, constants the sheet implies (the warehouse in a sheet per warehouse), the values of enum-like columns
 * and how they map, and the money sign convention. Read-only.
 */
import { basename, extname } from 'node:path';
import type { TableBackend, TableRef } from '../../activities/sheets/types';
import {
  columnLetter,
  detectHeader,
  displayHeader,
  headerKeys,
  isBlankCell,
  normalizeKey,
  schemas,
  type AnyFieldDef,
  type CellValue,
  type RawRowLike,
  type Schema,
  type SchemaName,
} from '../../domain/sheets';

export interface ColumnProposal {
  column: string;
  header: string;
  field: string | null;
  confidence: number;
}

export interface ValueMapping {
  field: string;
  values: { value: string; count: number; mapsTo: string | null }[];
}

export interface SheetProposal {
  file: string;
  sheet: string;
  table: SchemaName | null;
  confidence: number;
  candidates: { table: SchemaName; confidence: number }[];
  headerRow: number | null;
  columns: ColumnProposal[];
  unmapped: string[];
  missing: string[];
  constants: Record<string, string>;
  values: ValueMapping[];
  money: { sign: 'positive' | 'signed' | 'debit-credit'; unit: 'yuan' | 'wan'; negatives: number } | null;
  rows: { match: string; action: 'skip' | 'opening' }[];
}

const SAMPLE_ROWS = 5000;
const OPENING = /^(期初余额|期初|上期结转|上月结转|承前页)$/;

function weight(f: AnyFieldDef): number {
  return f.required ? 2 : 1;
}

/** A constant for a missing enum field from the sheet or file name (the whole name, or a word of it). */
function constantFromName(f: AnyFieldDef, names: string[]): string | null {
  for (const name of names) {
    if (f.parse(name).ok) return name;
    for (const words of Object.values(f.synonyms ?? {})) {
      const hit = [...words]
        .sort((a, b) => b.length - a.length)
        .find((w) => w.length >= 2 && normalizeKey(name).includes(normalizeKey(w)));
      if (hit) return hit;
    }
  }
  return null;
}

function scoreTable(name: SchemaName, rows: RawRowLike[], names: string[]) {
  const schema = schemas[name] as unknown as Schema;
  const fields = schema.fields as Record<string, AnyFieldDef>;
  const header = detectHeader(schema, rows);
  const byField = new Map((header?.columns ?? []).map((c) => [c.field as string, c]));
  const constants: Record<string, string> = {};
  let got = 0;
  let total = 0;
  const missing: string[] = [];
  const l = schema.ledger;
  // With 借方/贷方 columns the type comes from the side; never from a word in a name.
  const derived =
    l && !byField.has(l.amount) && (byField.has(l.debit) || byField.has(l.credit)) ? [l.type, l.amount] : [];
  for (const [k, f] of Object.entries(fields)) {
    total += weight(f);
    if (byField.has(k) || derived.includes(k)) got += weight(f);
    else if (f.required) {
      const c = f.kind === 'enum' ? constantFromName(f, names) : null;
      if (c) {
        constants[k] = c;
        got += weight(f);
      } else missing.push(k);
    }
  }
  // Every required field present (or implied) matters more than the count of optional ones.
  const required = Object.values(fields).filter((f) => f.required).length;
  const coverage = got / total;
  const confidence = header ? Math.round((0.5 * coverage + 0.5 * (1 - missing.length / required)) * 100) / 100 : 0;
  return { name, header, constants, missing, confidence };
}

/** Reads up to SAMPLE_ROWS rows of one sheet and proposes how to read it. */
export async function inspectSheet(
  backend: TableBackend,
  ref: TableRef,
  file: string,
  sheet: string,
): Promise<SheetProposal> {
  const rows: RawRowLike[] = [];
  for await (const r of backend.readRows(ref)) {
    rows.push(r);
    if (rows.length >= SAMPLE_ROWS) break;
  }
  const names = [sheet, basename(file, extname(file))];
  const head = rows.slice(0, 30);
  const scored = (Object.keys(schemas) as SchemaName[])
    .map((n) => scoreTable(n, head, names))
    .sort((a, b) => b.confidence - a.confidence);
  const best = scored[0];
  const ok = best && best.confidence >= 0.6 && best.missing.length === 0 ? best : null;
  const proposal: SheetProposal = {
    file,
    sheet,
    table: ok?.name ?? null,
    confidence: best?.confidence ?? 0,
    candidates: scored.slice(0, 3).map((s) => ({ table: s.name, confidence: s.confidence })),
    headerRow: best?.header?.rowNumber ?? null,
    columns: [],
    unmapped: [],
    missing: best?.missing ?? [],
    constants: ok?.constants ?? {},
    values: [],
    money: null,
    rows: [],
  };
  if (!best?.header) return proposal;
  const schema = schemas[best.name] as unknown as Schema;
  const fields = schema.fields as Record<string, AnyFieldDef>;
  const headerRow = rows.find((r) => r.rowNumber === best.header?.rowNumber);
  const mapped = new Map(best.header.columns.map((c) => [c.index, c]));
  headerRow?.cells.forEach((cell, i) => {
    if (isBlankCell(cell)) return;
    const text = displayHeader(String(cell));
    const m = mapped.get(i);
    const exact = m ? schema.headerIndex.get(headerKeys(String(cell))[0] ?? '') === m.field : false;
    proposal.columns.push({
      column: columnLetter(i),
      header: text,
      field: m?.field ?? null,
      confidence: m ? (exact ? 1 : 0.8) : 0,
    });
    if (!m) proposal.unmapped.push(text);
  });
  const data = rows.filter((r) => r.rowNumber > (best.header?.rowNumber ?? 0));
  const colOf = (field: string) => best.header?.columns.find((c) => c.field === field)?.index;
  for (const [k, f] of Object.entries(fields)) {
    const idx = colOf(k);
    if (idx === undefined || f.kind !== 'enum') continue;
    const counts = new Map<string, number>();
    for (const r of data) {
      const v = r.cells[idx];
      if (!isBlankCell(v)) counts.set(String(v).trim(), (counts.get(String(v).trim()) ?? 0) + 1);
    }
    if (counts.size === 0 || counts.size > 30) continue;
    proposal.values.push({
      field: k,
      values: [...counts].map(([value, count]) => {
        const r = f.parse(value);
        return { value, count, mapsTo: r.ok ? String(r.value) : null };
      }),
    });
  }
  const ledger = schema.ledger;
  if (ledger) {
    const amountIdx = colOf(ledger.amount);
    const header = (idx: number | undefined) => (idx === undefined ? '' : String(headerRow?.cells[idx] ?? ''));
    const moneyHeaders = [header(amountIdx), header(colOf(ledger.debit)), header(colOf(ledger.credit))].join(' ');
    const negatives = amountIdx === undefined ? 0 : data.filter((r) => isNegative(r.cells[amountIdx] ?? null)).length;
    proposal.money = {
      sign: amountIdx === undefined ? 'debit-credit' : negatives > 0 ? 'signed' : 'positive',
      unit: /万/.test(moneyHeaders) ? 'wan' : 'yuan',
      negatives,
    };
  }
  // 期初余额 rows: the opening balance of a ledger with a direction, otherwise not data.
  const opening = openingText(data);
  if (opening) proposal.rows.push({ match: opening, action: ledger ? 'opening' : 'skip' });
  return proposal;
}

function openingText(rows: RawRowLike[]): string | null {
  for (const r of rows) {
    for (const c of r.cells) if (typeof c === 'string' && OPENING.test(normalizeKey(c))) return c.trim();
  }
  return null;
}

function isNegative(v: CellValue): boolean {
  if (typeof v === 'number') return v < 0;
  if (typeof v === 'string') return /^\s*[-−－(（]/.test(v);
  return false;
}
