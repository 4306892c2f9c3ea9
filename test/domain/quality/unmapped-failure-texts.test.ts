// Failure texts the catalogue does not know: folded only by exact/normalised match or a supervisor's
// classification, otherwise listed as unmapped with up to three suggestions a person can check.
import { describe, expect, it } from 'vitest';
import {
  cleanQualityEvents,
  createFailureModeMatcher,
  foldClassifications,
  reviewUnmappedTexts,
  suggestFailureModes,
  type FailureModeCatalogue,
  type QualityEvent,
} from '../../../domain/quality';

// A catalogue as a department keeps it: 断裂 and 裂纹 are different faults (fracture vs. crack).
const CATALOGUE: FailureModeCatalogue = [
  { code: 'FM01', name: '漏油', category: '装配', synonyms: ['渗油', '漏机油'] },
  { code: 'FM05', name: '磨损过快', category: '供应商', synonyms: ['异常磨损', '偏磨'] },
  { code: 'FM06', name: '断裂', category: '供应商', synonyms: ['折断'] },
  { code: 'FM07', name: '裂纹', category: '制造', synonyms: ['龟裂'] },
  { code: 'FM12', name: '起动困难', category: '设计', synonyms: ['打不着火', '启动困难'] },
  { code: 'FM30', name: 'Oil leak', category: '装配', synonyms: ['oil seep'] },
];

const ev = (failureMode: string, over: Partial<QualityEvent> = {}): QualityEvent => ({
  date: '2026-11-03',
  source: 'complaint',
  model: 'XD-30',
  partNo: 'AB-1001',
  failureMode,
  qty: 1,
  ...over,
});

describe('failure-mode matching folds exact and normalised matches only', () => {
  const m = createFailureModeMatcher(CATALOGUE);

  it('开裂 stays unmapped: it resembles 断裂 and 裂纹 but is neither until someone says so', () => {
    expect(m.match('开裂')).toMatchObject({ code: 'UNMAPPED', matchedBy: 'unmapped' });
    expect(m.match('焊缝开裂')).toMatchObject({ code: 'UNMAPPED' });
    expect(m.match('磨损严重')).toMatchObject({ code: 'UNMAPPED' });
  });

  it('full-width, spaced, punctuated and differently cased variants of a term fold', () => {
    expect(m.match('断 裂')).toMatchObject({ code: 'FM06', matchedBy: 'name' });
    expect(m.match('\u3000断裂。')).toMatchObject({ code: 'FM06', matchedBy: 'name' });
    expect(m.match('ｆｍ０６')).toMatchObject({ code: 'FM06', matchedBy: 'code' });
    expect(m.match('OIL  LEAK!')).toMatchObject({ code: 'FM30', matchedBy: 'name' });
    expect(m.match('Ｏｉｌ Ｓｅｅｐ')).toMatchObject({ code: 'FM30', matchedBy: 'synonym', term: 'oil seep' });
  });

  it('synonyms fold into their mode', () => {
    expect(m.match('折断')).toMatchObject({ code: 'FM06', matchedBy: 'synonym', term: '折断' });
    expect(m.match('启动困难')).toMatchObject({ code: 'FM12', matchedBy: 'synonym' });
  });
});

describe('suggestions for an unmapped text', () => {
  it('开裂 → 断裂 and 裂纹 (shared 裂), catalogue order on a tie, nothing unrelated', () => {
    expect(suggestFailureModes('开裂', CATALOGUE)).toEqual([
      { code: 'FM06', name: '断裂', term: '断裂', shared: '裂', score: 0.5 },
      { code: 'FM07', name: '裂纹', term: '裂纹', shared: '裂', score: 0.5 },
    ]);
  });

  it('the term most alike names the shared part; at most three; none when nothing is shared', () => {
    expect(suggestFailureModes('磨损严重', CATALOGUE)[0]).toEqual({
      code: 'FM05',
      name: '磨损过快',
      term: '磨损过快',
      shared: '磨损',
      score: 0.5,
    });
    expect(suggestFailureModes('无法启动', CATALOGUE).map((s) => s.code)).toEqual(['FM12']);
    expect(suggestFailureModes('启动困难 打不着火 漏油 裂纹 磨损', CATALOGUE)).toHaveLength(3);
    expect(suggestFailureModes('电气故障', CATALOGUE)).toEqual([]);
    expect(suggestFailureModes('engine oil dripping', CATALOGUE)[0]).toMatchObject({ code: 'FM30', shared: 'oil' });
  });

  it('the review lists the most frequent texts (spellings grouped) with suggestions and every mode to choose from', () => {
    const cleaned = cleanQualityEvents(
      [ev('开裂'), ev('开　裂。', { vin: 'V2' }), ev('电气故障'), ev(''), ev('断裂'), ev('无法启动')],
      CATALOGUE,
    );
    const review = reviewUnmappedTexts(cleaned.unmapped, CATALOGUE, { maxTexts: 2 });
    expect(review.texts.map((t) => [t.text, t.events, t.suggestions.map((s) => s.code)])).toEqual([
      ['开裂', 2, ['FM06', 'FM07']],
      ['无法启动', 1, ['FM12']],
    ]);
    expect(review.more).toBe(1); // 电气故障 (the blank text is not classifiable and not counted)
    expect(review.modes.map((x) => x.code)).toEqual(['FM01', 'FM05', 'FM06', 'FM07', 'FM12', 'FM30']);
  });
});

describe("the supervisor's classifications fold as synonyms the next time", () => {
  it('a classified text folds, normalised variants too; the catalogue itself is unchanged', () => {
    const folded = foldClassifications(CATALOGUE, [
      { text: '开裂', code: 'FM07', row: 2 },
      { text: '磨损严重', code: 'fm05', row: 3 },
    ]);
    expect(folded.applied).toBe(2);
    expect(folded.setAside).toEqual([]);
    const m = createFailureModeMatcher(folded.catalogue);
    expect(m.match('开裂')).toMatchObject({ code: 'FM07', matchedBy: 'synonym', term: '开裂' });
    expect(m.match(' 开 裂 ')).toMatchObject({ code: 'FM07' });
    expect(m.match('磨损严重')).toMatchObject({ code: 'FM05' });
    expect(CATALOGUE.find((e) => e.code === 'FM07')!.synonyms).toEqual(['龟裂']);
  });

  it('unknown codes, texts the catalogue already gives to another mode and later re-classifications are set aside', () => {
    const folded = foldClassifications(CATALOGUE, [
      { text: '开裂', code: 'FM07', row: 2 },
      { text: '开 裂', code: 'FM06', row: 3 },
      { text: '折断', code: 'FM07', row: 4 },
      { text: '无法启动', code: 'FM99', row: 5 },
      { text: '渗油', code: 'FM01', row: 6 },
    ]);
    expect(folded.applied).toBe(1);
    expect(folded.setAside.map((s) => [s.row, s.reason.split(' / ')[0]])).toEqual([
      [3, '“开 裂”已归入 FM07'],
      [4, '“折断”已归入 FM06'],
      [5, '代码 FM99 不在故障模式目录中'],
    ]);
    expect(() => createFailureModeMatcher(folded.catalogue)).not.toThrow();
  });
});
