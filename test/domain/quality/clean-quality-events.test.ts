import { describe, expect, it } from 'vitest';
import {
  cleanQualityEvents,
  createFailureModeMatcher,
  normalizeModel,
  normalizePartNo,
  normalizeVin,
  splitSynonyms,
  type QualityEvent,
} from '../../../domain/quality';
import { ConfigError } from '../../../domain/errors';
import { CATALOGUE } from './golden-dataset';

const ev = (over: Partial<QualityEvent>): QualityEvent => ({
  date: '2026-11-01',
  source: 'complaint',
  model: 'XD-30',
  partNo: 'AB-1001',
  failureMode: '漏油',
  qty: 1,
  ...over,
});

describe('part number, model and VIN normalisation', () => {
  it.each([
    ['ab-1001 ', 'AB-1001'],
    ['  AB-1001', 'AB-1001'],
    ['ＡＢ－１００１', 'AB-1001'], // full width letters, digits and dash (NFKC)
    ['ab–1001', 'AB-1001'], // en dash
    ['AB—1001', 'AB-1001'], // em dash
    ['AB−1001', 'AB-1001'], // minus sign
    ['ab_1001', 'AB-1001'],
    ['AB 1001', 'AB-1001'], // a space separates like a dash
    ['AB\u30001001', 'AB-1001'], // ideographic space
    ['AB - 1001', 'AB-1001'], // a run of separators is one dash
    ['AB--1001-', 'AB-1001'],
    ['-AB-1001', 'AB-1001'],
    ['AB1001', 'AB1001'], // no dash is invented
    ['ab-10-01x', 'AB-10-01X'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePartNo(raw)).toBe(expected);
  });

  it('models keep inner spaces, dashes normalised', () => {
    expect(normalizeModel(' xd－30 ')).toBe('XD-30');
    expect(normalizeModel('xd 30  pro')).toBe('XD 30 PRO');
    expect(normalizeModel('XD – 30')).toBe('XD-30');
  });

  it('VINs lose every separator', () => {
    expect(normalizeVin('lsv-abc 123')).toBe('LSVABC123');
    expect(normalizeVin('ＬＳＶ１２３')).toBe('LSV123');
  });
});

describe('failure-mode matching', () => {
  const m = createFailureModeMatcher(CATALOGUE);
  it('exact code, name and synonym (case, width, spaces and punctuation ignored)', () => {
    expect(m.match('f01')).toMatchObject({ code: 'F01', matchedBy: 'code' });
    expect(m.match(' 漏油。')).toMatchObject({ code: 'F01', matchedBy: 'name' });
    expect(m.match('ＯＩＬ ＬＥＡＫ')).toMatchObject({ code: 'F01', matchedBy: 'synonym', term: 'oil leak' });
  });

  it('a text containing or resembling a term is never folded by a guess', () => {
    // Before: '油封漏油严重' folded into F06 and '底盘漏油' into F01 because they contain a term.
    expect(m.match('油封漏油严重')).toMatchObject({ code: 'UNMAPPED', matchedBy: 'unmapped' });
    expect(m.match('底盘漏油')).toMatchObject({ code: 'UNMAPPED' });
    expect(m.match('焊点开裂严重')).toMatchObject({ code: 'UNMAPPED' });
    expect(m.match('短路后异响')).toMatchObject({ code: 'UNMAPPED' });
  });

  it('unknown and blank text go to UNMAPPED/未归类', () => {
    expect(m.match('仪表盘闪烁')).toEqual({
      code: 'UNMAPPED',
      name: '未归类',
      category: null,
      matchedBy: 'unmapped',
      term: null,
    });
    expect(m.match('')).toMatchObject({ code: 'UNMAPPED' });
    expect(m.match(undefined)).toMatchObject({ code: 'UNMAPPED' });
  });

  it('a term claimed by two codes is a catalogue error naming both', () => {
    const bad = [...CATALOGUE, { code: 'F09', name: '渗 油', category: '制造', synonyms: [] }];
    expect(() => createFailureModeMatcher(bad)).toThrow(ConfigError);
    expect(() => createFailureModeMatcher(bad)).toThrow(/渗 油.*F01 and F09/);
    expect(() => createFailureModeMatcher([{ code: 'UNMAPPED', name: 'x', category: '', synonyms: [] }])).toThrow(
      ConfigError,
    );
    expect(() => createFailureModeMatcher([...CATALOGUE, { ...CATALOGUE[0]!, name: '其他', synonyms: [] }])).toThrow(
      /F01 is listed twice/,
    );
  });

  it('splits a synonyms cell on the usual separators', () => {
    expect(splitSynonyms('渗油; 漏机油、oil leak，Oil Seep；x/y\n z')).toEqual([
      '渗油',
      '漏机油',
      'oil leak',
      'Oil Seep',
      'x',
      'y',
      'z',
    ]);
    expect(splitSynonyms(['a ', ' ', 'b'])).toEqual(['a', 'b']);
    expect(splitSynonyms(undefined)).toEqual([]);
  });
});

describe('cleaning', () => {
  it('normalises fields and maps from the description when the mode column is unknown and the description is a term', () => {
    const r = cleanQualityEvents(
      [
        ev({
          partNo: 'ab–1001 ',
          model: 'xd－30',
          dealerId: ' d01 ',
          supplier: ' 恒达  密封 ',
          failureMode: '坏了',
          description: '渗油。',
          vin: 'lv-1',
          region: '',
          date: '2026-11-01T08:00:00',
        }),
      ],
      CATALOGUE,
    );
    expect(r.events[0]).toMatchObject({
      partNo: 'AB-1001',
      model: 'XD-30',
      dealerId: 'D01',
      supplier: '恒达 密封',
      vin: 'LV1',
      date: '2026-11-01',
      failureCode: 'F01',
      mappedBy: 'synonym',
      mergedCount: 1,
    });
    expect(r.events[0]).not.toHaveProperty('region');
    expect(r.unmapped).toEqual([]);
  });

  it('lists every unmapped text with counts (after de-duplication), most frequent first; none dropped', () => {
    const r = cleanQualityEvents(
      [
        ev({ failureMode: '仪表盘闪烁', qty: 2 }),
        ev({ failureMode: ' 仪表盘闪烁', qty: 1 }),
        ev({ failureMode: '座椅 异味' }),
        ev({ failureMode: '', description: '' }),
        ev({ failureMode: '漏油' }),
      ],
      CATALOGUE,
    );
    expect(r.events).toHaveLength(5);
    expect(r.events.filter((e) => e.failureCode === 'UNMAPPED')).toHaveLength(4);
    expect(r.unmapped).toEqual([
      { text: '仪表盘闪烁', count: 2, qty: 3 },
      { text: '(空)', count: 1, qty: 1 },
      { text: '座椅 异味', count: 1, qty: 1 },
    ]);
    expect(r.stats.unmappedEvents).toBe(4);
  });

  it('reports unusable rows as cell problems with file, sheet, row and column', () => {
    const ref = { file: 'q.xlsx', sheet: '投诉', row: 7 };
    const r = cleanQualityEvents(
      [
        ev({ date: '2026-02-30', ref }),
        ev({ qty: -1, ref: { ...ref, row: 8 } }),
        ev({ source: 'fax' as never, ref: { ...ref, row: 9 } }),
        ev({ closedAt: 'soon', ref: { ...ref, row: 10 } }),
        ev({}),
      ],
      CATALOGUE,
    );
    expect(r.problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [7, '日期', '2026-02-30'],
      [8, '数量', '-1'],
      [9, '来源', 'fax'],
      [10, '处理完成日期', 'soon'],
    ]);
    expect(r.problems[0]).toMatchObject({ file: 'q.xlsx', sheet: '投诉' });
    expect(r.stats).toMatchObject({ input: 5, invalid: 4, output: 1 });
  });
});

describe('de-duplication window edges', () => {
  const pair = (d2: string, window = 3, over: Partial<QualityEvent> = {}) =>
    cleanQualityEvents([ev({ vin: 'V1', date: '2026-11-01' }), ev({ vin: 'v-1', date: d2, ...over })], CATALOGUE, {
      dedupeWindowDays: window,
    });

  it('exactly the window apart merges, one day more does not', () => {
    expect(pair('2026-11-04').events).toHaveLength(1);
    expect(pair('2026-11-05').events).toHaveLength(2);
    expect(pair('2026-11-05', 4).events).toHaveLength(1);
    expect(pair('2026-11-01', 0).events).toHaveLength(1);
    expect(pair('2026-11-02', 0).events).toHaveLength(2);
  });

  it('window counts calendar days across month and year ends', () => {
    const r = cleanQualityEvents(
      [ev({ vin: 'V1', date: '2026-12-30' }), ev({ vin: 'V1', date: '2027-01-02' })],
      CATALOGUE,
    );
    expect(r.merged).toHaveLength(1);
  });

  it('different part, or no VIN, never merges', () => {
    expect(pair('2026-11-01', 3, { partNo: 'CD-2002' }).events).toHaveLength(2);
    const r = cleanQualityEvents([ev({}), ev({})], CATALOGUE);
    expect(r.events).toHaveLength(2);
  });

  it('keeps the richest record, reports what was merged, anchors on the first event', () => {
    const ref = (row: number) => ({ file: 'q.xlsx', sheet: 's', row });
    const r = cleanQualityEvents(
      [
        ev({ vin: 'V1', date: '2026-11-01', source: 'call', ref: ref(2) }),
        ev({ vin: 'V1', date: '2026-11-03', source: 'complaint', region: '华东', closedAt: '2026-11-05', ref: ref(3) }),
        ev({ vin: 'V1', date: '2026-11-04', source: 'inspection', ref: ref(4) }),
        // 6 days after the first: starts a new group even though it is 2 days after the third.
        ev({ vin: 'V1', date: '2026-11-07', source: 'return', ref: ref(5) }),
      ],
      CATALOGUE,
    );
    expect(r.events.map((e) => [e.date, e.source, e.mergedCount])).toEqual([
      ['2026-11-03', 'complaint', 3],
      ['2026-11-07', 'return', 1],
    ]);
    expect(r.merged).toEqual([
      {
        vin: 'V1',
        partNo: 'AB-1001',
        kept: { index: 1, date: '2026-11-03', source: 'complaint', ref: ref(3) },
        dropped: [
          { index: 0, date: '2026-11-01', source: 'call', ref: ref(2) },
          { index: 2, date: '2026-11-04', source: 'inspection', ref: ref(4) },
        ],
      },
    ]);
  });

  it('equally rich: inspection beats complaint beats call, then the earlier row', () => {
    const r = cleanQualityEvents(
      [
        ev({ vin: 'V1', source: 'call' }),
        ev({ vin: 'V1', source: 'inspection' }),
        ev({ vin: 'V1', source: 'complaint' }),
      ],
      CATALOGUE,
    );
    expect(r.events.map((e) => e.source)).toEqual(['inspection']);
    const same = cleanQualityEvents(
      [ev({ vin: 'V1', date: '2026-11-02' }), ev({ vin: 'V1', date: '2026-11-01' })],
      CATALOGUE,
    );
    expect(same.merged[0]!.kept.index).toBe(0);
  });
});
