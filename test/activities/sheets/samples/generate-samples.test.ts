import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSamples,
  LARGE_LEDGER_HEADERS,
  SAMPLE_SCHEMAS,
  type GeneratedSamples,
} from '../../../../activities/sheets/samples';
import type { RawRow } from '../../../../activities/sheets/types';
import { createTableParser, schemas, type FieldMap, type Schema, type TableSummary } from '../../../../domain/sheets';

type Cell = RawRow['cells'][number];

/** Every cell of the first sheet, formulas as cached results, rich text flattened. */
async function readCells(path: string): Promise<{ name: string; rows: RawRow[]; merges: string[]; hidden: number[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  const rows: RawRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      const v = cell.value as unknown;
      let out: Cell;
      if (v && typeof v === 'object' && !(v instanceof Date)) {
        const o = v as { result?: Cell; richText?: { text: string }[] };
        out = o.richText ? o.richText.map((t) => t.text).join('') : (o.result ?? null);
      } else out = (v as Cell) ?? null;
      cells[col - 1] = out;
    });
    rows.push({ rowNumber, cells: Array.from(cells, (c) => c ?? null) });
  });
  const hidden: number[] = [];
  ws.columns.forEach((c, i) => c.hidden && hidden.push(i));
  return {
    name: ws.name,
    rows,
    merges: Object.keys((ws as unknown as { _merges: Record<string, unknown> })._merges),
    hidden,
  };
}

function parse(
  name: (typeof SAMPLE_SCHEMAS)[number],
  rows: RawRow[],
): { records: Record<string, unknown>[]; summary: TableSummary } {
  const records: Record<string, unknown>[] = [];
  const parser = createTableParser(schemas[name] as unknown as Schema<FieldMap>, { file: name, sheet: name }, (r) =>
    records.push(r),
  );
  for (const r of rows) parser.push(r);
  return { records, summary: parser.finish() };
}

describe('sample workbook generator', () => {
  const root = mkdtempSync(join(tmpdir(), 'samples-'));
  let a: GeneratedSamples;
  beforeAll(async () => {
    a = await generateSamples({ dir: join(root, 'a'), seed: 42, period: '2026-11' });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one workbook for every schema, each parsing with no problems', async () => {
    expect(Object.keys(a.files).sort()).toEqual([...SAMPLE_SCHEMAS].sort());
    for (const name of SAMPLE_SCHEMAS) {
      const { name: sheet, rows } = await readCells(a.files[name]);
      expect(sheet).toBe(a.sheets[name]);
      const { summary } = parse(name, rows);
      expect(summary.problems, name).toEqual([]);
      expect(summary.validRows, name).toBe(a.records[name]);
      expect(summary.validRows, name).toBeGreaterThan(0);
    }
    expect(a.planted).toEqual([]);
  });

  it('has the realistic shape the demo needs', async () => {
    const dealers = parse('dealers', (await readCells(a.files.dealers)).rows).records;
    expect(dealers).toHaveLength(60);
    expect(dealers[0]).toMatchObject({ dealerId: 'D0001', email: 'd0001@dealers.example.cn' });
    expect(new Set(dealers.map((d) => d.region))).toEqual(
      new Set(['华东', '华南', '华北', '西南', '西北', '东北', '华中']),
    );
    const parts = parse('parts', (await readCells(a.files.parts)).rows).records;
    expect(parts.length).toBeGreaterThanOrEqual(200);
    const ledger = parse('stockLedger', (await readCells(a.files.stockLedger)).rows).records;
    expect(new Set(ledger.map((r) => r.warehouse))).toEqual(new Set(['new-parts', 'old-parts']));
    expect(ledger.some((r) => r.bookQty !== r.cardQty)).toBe(true);
    const txns = parse('dealerTransactions', (await readCells(a.files.dealerTransactions)).rows).records;
    expect(new Set(txns.map((t) => t.type))).toEqual(new Set(['shipment', 'payment', 'credit', 'fee']));
    expect(txns.some((t) => String(t.date) < '2026-11-01')).toBe(true);
    expect(txns.some((t) => t.type === 'shipment' && String(t.dueDate) < '2026-08-31')).toBe(true);
    expect(txns.some((t) => t.note === '部分回款')).toBe(true);
    const events = parse('qualityEvents', (await readCells(a.files.qualityEvents)).rows).records;
    expect(new Set(events.map((e) => String(e.date).slice(0, 7)))).toEqual(
      new Set(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']),
    );
    const vins = events.map((e) => e.vin);
    expect(new Set(vins).size).toBeLessThan(vins.length);
    const modes = parse('failureModes', (await readCells(a.files.failureModes)).rows).records;
    expect(modes.every((m) => Array.isArray(m.synonyms) && (m.synonyms as string[]).length > 0)).toBe(true);
  });

  it('is messy on purpose: title row, merged cells, hidden column, totals, blank rows, text and full-width numbers, date styles', async () => {
    const { rows, merges, hidden } = await readCells(a.files.stockLedger);
    expect(rows[0]!.cells[0]).toBe('售后配件库存台账 2026年11月');
    expect(merges).toEqual(expect.arrayContaining(['A1', 'L3']));
    expect(hidden.length).toBe(1);
    const { summary } = parse('stockLedger', rows);
    expect(summary.headerRow).toBe(3);
    expect(summary.skipped.totals).toBe(1);
    expect(summary.skipped.blank).toBeGreaterThan(0);
    const all = (await Promise.all(SAMPLE_SCHEMAS.map((s) => readCells(a.files[s])))).flatMap((x) =>
      x.rows.flatMap((r) => r.cells),
    );
    expect(all.some((c) => typeof c === 'string' && /^[０-９]+/.test(c))).toBe(true);
    expect(all.some((c) => typeof c === 'string' && /^¥[\d,]+\.\d\d$/.test(c))).toBe(true);
    expect(all.some((c) => typeof c === 'string' && /^\d+$/.test(c))).toBe(true);
    expect(all.some((c) => typeof c === 'string' && /^\d{4}年\d{1,2}月\d{1,2}日$/.test(c))).toBe(true);
    expect(all.some((c) => typeof c === 'string' && /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(c))).toBe(true);
    expect(all.some((c) => c instanceof Date)).toBe(true);
  });

  it('is deterministic: the same seed gives the same cells, another seed different ones', async () => {
    const b = await generateSamples({ dir: join(root, 'b'), seed: 42, period: '2026-11' });
    const c = await generateSamples({ dir: join(root, 'c'), seed: 43, period: '2026-11' });
    for (const name of SAMPLE_SCHEMAS) {
      expect((await readCells(b.files[name])).rows, name).toEqual((await readCells(a.files[name])).rows);
    }
    expect((await readCells(c.files.dealerTransactions)).rows).not.toEqual(
      (await readCells(a.files.dealerTransactions)).rows,
    );
  });

  it('--with-errors plants invalid rows the validator reports at exactly the listed cells', async () => {
    const e = await generateSamples({ dir: join(root, 'e'), seed: 42, period: '2026-11', withErrors: true });
    expect(e.planted.length).toBeGreaterThanOrEqual(10);
    for (const name of SAMPLE_SCHEMAS) {
      const { summary } = parse(name, (await readCells(e.files[name])).rows);
      const found = summary.problems.map((p) => `${p.row}|${p.column}|${p.value}`).sort();
      const planted = e.planted
        .filter((p) => p.schema === name)
        .map((p) => `${p.row}|${p.column}|${p.value}`)
        .sort();
      expect(found, name).toEqual(planted);
      expect(summary.validRows, name).toBe(e.records[name]);
    }
  });

  it('streams a large ledger of N rows (12 columns) readable by the streaming reader', async () => {
    const l = await generateSamples({ dir: join(root, 'l'), seed: 42, period: '2026-11', large: 3_000 });
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(l.largeLedger!, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
    });
    let count = 0;
    let header: unknown[] = [];
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        count++;
        if (row.number === 2) header = (row.values as unknown[]).slice(1);
      }
    }
    expect(count).toBe(3_002);
    expect(header).toEqual([...LARGE_LEDGER_HEADERS]);
  });
});
