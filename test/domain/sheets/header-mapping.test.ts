import { describe, expect, it } from 'vitest';
import { detectHeader, matchHeaderRow } from '../../../domain/sheets/detect-header';
import { field, optional } from '../../../domain/sheets/field-types';
import {
  displayHeader,
  headerKeys,
  keyLastChar,
  normalizeKey,
  normalizeKeySlow,
} from '../../../domain/sheets/normalize-text';
import { createTableParser } from '../../../domain/sheets/table-parser';
import { ConfigError } from '../../../domain/errors';
import { defineSchema } from '../../../domain/sheets/schema';
import { dealers, schemas, stockLedger } from '../../../domain/sheets/schemas';

describe('header normalisation', () => {
  it('ignores spaces, line breaks, width, case and punctuation', () => {
    expect(normalizeKey(' 配件\n编号 ')).toBe('配件编号');
    expect(normalizeKey('ＰＡＲＴ　ＮＯ.')).toBe('partno');
    expect(normalizeKey('Part-No')).toBe('partno');
    expect(headerKeys('单价（元）')).toEqual(['单价元', '单价']);
    expect(headerKeys('Unit Cost (¥)')).toEqual(['unitcost¥', 'unitcost']);
  });
  it('the short cut for ASCII and CJK text gives the definition (NFKC, lower case, no noise) for every character', () => {
    for (let c = 0; c < 0x10000; c++) {
      const text = `A${String.fromCharCode(c)}计-b`;
      if (normalizeKey(text) !== normalizeKeySlow(text))
        expect([c, normalizeKey(text)]).toEqual([c, normalizeKeySlow(text)]);
    }
    for (const text of [
      'P-10023',
      '新件库',
      'A区 - 01',
      'Brake Pad (L)',
      '制动片（左）',
      'ＴＯＴＡＬ',
      '合 计',
      '',
      ' ',
    ]) {
      expect(normalizeKey(text)).toBe(normalizeKeySlow(text));
    }
  });
  it("a key's last character read off the text is the one normalising gives, whatever comes before it", () => {
    const before = ['', 'x', '配件', 'Ａ', '①', 'e\u0301', '\u3000', '-', 'İ', '㈱'];
    for (const head of before) {
      for (let c = 0; c < 0x10000; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const text = `${head}${String.fromCharCode(c)}`;
        const last = keyLastChar(text);
        const key = normalizeKeySlow(text);
        if (last !== -1 && last !== key.charCodeAt(key.length - 1))
          expect([text, last]).toEqual([text, key.charCodeAt(key.length - 1)]);
      }
    }
    expect(keyLastChar('合计')).toBe('计'.charCodeAt(0));
    expect(keyLastChar('TOTAL')).toBe('l'.charCodeAt(0));
    expect(keyLastChar('合计：')).toBe(-1);
  });
  it('shows headers as a person reads them in reports', () => {
    expect(displayHeader('配件\n编号')).toBe('配件编号');
    expect(displayHeader('最后变动\r\n日期 ')).toBe('最后变动日期');
    expect(displayHeader('Book\nQty')).toBe('Book Qty');
  });
});

describe('schemas', () => {
  it('every schema loads with unambiguous aliases and reserved names unused', () => {
    expect(Object.keys(schemas)).toHaveLength(9);
    for (const s of Object.values(schemas)) expect(s.headerIndex.size).toBeGreaterThan(Object.keys(s.fields).length);
  });
  it('refuses a schema where two fields claim the same header', () => {
    expect(() =>
      defineSchema(
        'bad',
        { 'zh-CN': '坏', en: 'bad' },
        { a: field.text({ zh: '名称', en: 'A' }), b: field.text({ zh: 'B', en: '名称' }) },
      ),
    ).toThrow(/matches both a and b/);
  });
});

describe('header row detection', () => {
  const rows = [
    { rowNumber: 1, cells: ['售后配件库存台账 2026年11月', null, null] },
    { rowNumber: 2, cells: ['日期：2026-11-30'] },
    { rowNumber: 3, cells: ['仓库', 'Part No', '库位', '账面\n数量', '单价(元)', '备注'] },
  ];
  it('finds the header below title rows by alias score', () => {
    const m = detectHeader(stockLedger, rows);
    expect(m?.rowNumber).toBe(3);
    expect(m?.columns.map((c) => [c.field, c.index])).toEqual([
      ['warehouse', 0],
      ['partNo', 1],
      ['location', 2],
      ['bookQty', 3],
      ['unitCost', 4],
    ]);
  });
  it('uses a configured mapping for a header no alias guesses, and reports a mapped header that is absent', () => {
    const row = { rowNumber: 1, cells: ['客户代号', '客户全称', 'Mail', '授信'] };
    const m = matchHeaderRow(dealers, row, { dealerId: '客户代号', name: '客户全称', creditLimit: '额度(元)' });
    expect(m.columns.map((c) => c.field)).toEqual(['dealerId', 'name', 'email']);
    expect(m.mappingMisses).toEqual([{ field: 'creditLimit', header: '额度(元)' }]);
  });
  it('a field with a configured header no longer matches its aliases elsewhere', () => {
    const row = { rowNumber: 1, cells: ['经销商编号', '旧编号'] };
    const m = matchHeaderRow(dealers, row, { dealerId: '旧编号' });
    expect(m.columns).toEqual([{ field: 'dealerId', index: 1, header: '旧编号' }]);
  });
  it('rejects a configured mapping that names a field the schema does not have', () => {
    expect(() =>
      createTableParser(dealers, { file: 'f', sheet: 's', mapping: { dealerID: '编号' } as never }, () => undefined),
    ).toThrow(ConfigError);
  });
  it('returns null when nothing matches', () => {
    const s = defineSchema('x', { 'zh-CN': 'x', en: 'x' }, { a: optional(field.text({ zh: '甲', en: 'A' })) });
    expect(detectHeader(s, [{ rowNumber: 1, cells: ['乙'] }])).toBeNull();
  });
});
