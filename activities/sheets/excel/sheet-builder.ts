/**
 * Builds generated sheets with exceljs: every text cell passes the formula guard, dates get a date format, and
 * count-sheet columns can be locked or left editable with numeric validation under sheet protection.
 */
import type ExcelJS from 'exceljs';
import { neutraliseFormulaText } from '../../../domain/sheets/formula-guard';
import type { WritableCell } from '../content-hash';

export type ColumnValidation = 'nonNegativeNumber' | 'nonNegativeInteger' | { list: readonly string[] };

export interface ColumnSpec {
  header: string;
  key: string;
  width?: number;
  /** Under sheet protection: locked (default) or editable by the person filling the sheet. */
  locked?: boolean;
  validation?: ColumnValidation;
  numFmt?: string;
  hidden?: boolean;
}

export interface SheetSpec {
  name: string;
  /** Optional title row above the header (e.g. "新件库 A区 盘点表 2026-11"). */
  title?: string;
  columns: ColumnSpec[];
  rows: Record<string, WritableCell>[];
  /** Protect the sheet so only unlocked columns can be edited; a password is optional. */
  protect?: boolean | { password?: string };
  /** Extra empty rows below the data that keep validation and editability, for lines counters add. */
  spareRows?: number;
}

const ZH_WIDE = /[\u2e80-\u9fff\uff00-\uffef]/g;

/** Width of a value in character cells (CJK characters count twice), for column widths. */
export function displayWidth(v: WritableCell): number {
  if (v === null) return 0;
  const s = v instanceof Date ? '2026-11-03' : String(v);
  return s.length + (s.match(ZH_WIDE)?.length ?? 0);
}

/** A cell value ready for exceljs: text guarded against formulas; dates keep their UTC wall-clock. */
export function safeCell(v: WritableCell): ExcelJS.CellValue {
  if (typeof v === 'string') return neutraliseFormulaText(v);
  return v;
}

function dateFormat(d: Date): string {
  return d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
}

function validationFor(v: ColumnValidation): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: '输入无效 / Invalid',
  };
  if (v === 'nonNegativeNumber') {
    return {
      ...common,
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      error: '请输入大于或等于 0 的数字 / Enter a number ≥ 0',
    };
  }
  if (v === 'nonNegativeInteger') {
    return {
      ...common,
      type: 'whole',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      error: '请输入大于或等于 0 的整数 / Enter a whole number ≥ 0',
    };
  }
  const list = v.list.map((s) => s.replace(/"/g, '""')).join(',');
  return { ...common, type: 'list', formulae: [`"${list}"`], error: '请从列表中选择 / Pick a value from the list' };
}

interface DataValidations {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** Adds a sheet from a spec and returns its header row number. */
export async function addSpecSheet(wb: ExcelJS.Workbook, spec: SheetSpec): Promise<number> {
  const ws = wb.addWorksheet(spec.name);
  const headerRow = spec.title ? 2 : 1;
  if (spec.title) {
    ws.getCell(1, 1).value = safeCell(spec.title);
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    if (spec.columns.length > 1) ws.mergeCells(1, 1, 1, spec.columns.length);
  }
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  const header = ws.getRow(headerRow);
  spec.columns.forEach((c, i) => {
    header.getCell(i + 1).value = safeCell(c.header);
  });
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
  spec.rows.forEach((r, ri) => {
    const row = ws.getRow(headerRow + 1 + ri);
    spec.columns.forEach((c, ci) => {
      const v = r[c.key] ?? null;
      const cell = row.getCell(ci + 1);
      cell.value = safeCell(v);
      if (v instanceof Date) cell.numFmt = c.numFmt ?? dateFormat(v);
      else if (c.numFmt) cell.numFmt = c.numFmt;
    });
  });
  const lastRow = headerRow + spec.rows.length + (spec.spareRows ?? 0);
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const widest = Math.max(
      displayWidth(c.header),
      ...spec.rows.slice(0, 500).map((r) => displayWidth(r[c.key] ?? null)),
    );
    col.width = c.width ?? Math.min(60, Math.max(8, widest + 2));
    if (c.hidden) col.hidden = true;
    if (c.locked === false) {
      col.protection = { locked: false };
      for (let r = headerRow + 1; r <= lastRow; r++) ws.getCell(r, i + 1).protection = { locked: false };
    }
    if (c.validation && lastRow > headerRow) {
      const letter = col.letter;
      (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(
        `${letter}${headerRow + 1}:${letter}${lastRow}`,
        validationFor(c.validation),
      );
    }
  });
  if (spec.protect) {
    const password = typeof spec.protect === 'object' ? (spec.protect.password ?? '') : '';
    await ws.protect(password, {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      autoFilter: true,
      sort: true,
      spinCount: 1000,
    });
  }
  return headerRow;
}

/** Adds a plain result table (header + rows) as a new sheet. */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  header: readonly string[],
  rows: readonly (readonly WritableCell[])[],
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const head = ws.addRow(header.map((h) => safeCell(h)));
  head.font = { bold: true };
  const widths = header.map((h) => displayWidth(h));
  rows.forEach((r, ri) => {
    const row = ws.addRow(r.map((v) => safeCell(v)));
    r.forEach((v, ci) => {
      if (v instanceof Date) row.getCell(ci + 1).numFmt = dateFormat(v);
      if (ri < 500) widths[ci] = Math.max(widths[ci] ?? 0, displayWidth(v));
    });
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2));
  });
}
