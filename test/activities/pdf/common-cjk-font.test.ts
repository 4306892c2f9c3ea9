import { statSync } from 'node:fs';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { describe, expect, it } from 'vitest';
import { commonCjkFont, commonFontCandidate, loadCommonCjkFont } from '../../../activities/pdf/common-cjk-font';
import { defaultCjkFont } from '../../../activities/pdf/fonts';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { pdfFonts, pdfText, savePdf } from './poppler';

const at = '2026-11-30T15:59:59Z';
const letter = (name: string, title = `对账单 2026-11 ${name}`): TDocumentDefinitions => ({
  info: { title },
  content: [
    { text: `致 ${name}：`, bold: true },
    { text: '截至 2026 年 11 月 30 日，贵司应付我司货款合计 ¥12,345.00，其中逾期 60 天以上 ¥3,000.00。' },
    {
      table: {
        body: [
          ['单据号', '日期', '金额'],
          ['SO-0042', '2026-10-08', '12,345.00'],
        ],
      },
    },
  ],
});

// Dealer names: common characters, name characters GB 2312 lacks (in the Table of General Standard Chinese
// Characters, so in the cut), and text the cut does not hold (a rare hanzi, Hangul).
const common = '杭州鑫垚汽配有限公司';
const rareHanzi = '龘龍汽车服务部';
const hangul = '서울 한국자동차';

describe('the common-character cut of the CJK font (built by scripts/setup.sh)', () => {
  it('is built on this machine and is a fraction of the full font', () => {
    const cut = commonCjkFont();
    expect(cut, 'setup builds the cut (scripts/fonts/build-common-fonts.py)').not.toBeNull();
    const full = defaultCjkFont();
    const size = (f: typeof full) => f.regular.bytes.length + f.bold.bytes.length;
    expect(size(cut!)).toBeLessThan(size(full) / 3);
    expect(cut!.regular.fontName).toBe(full.regular.fontName);
  });

  it('renders common text with the cut: the same text as the full font, other bytes', async () => {
    const doc = letter(common);
    const withCut = await renderPdf(doc, { docId: 'cut-common', generatedAt: at });
    const withFull = await renderPdf(doc, { docId: 'cut-common', generatedAt: at, font: defaultCjkFont() });
    expect(withCut.equals(withFull)).toBe(false);
    const [a, b] = [savePdf('cut-common', withCut), savePdf('cut-common-full', withFull)];
    expect(await pdfText(a)).toBe(await pdfText(b));
    expect(await pdfText(a)).toContain(`致 ${common}：`);
    expect((await pdfFonts(a)).every((f) => f.embedded && f.name.includes('NotoSansCJKsc'))).toBe(true);
    expect(withCut.equals(await renderPdf(doc, { docId: 'cut-common', generatedAt: at }))).toBe(true);
  });

  it.each([
    ['a rare hanzi in the body', letter(rareHanzi), rareHanzi],
    ['Hangul in the body', letter(hangul), hangul],
    ['a rare hanzi only in the running header', letter(common, `对账单 ${rareHanzi}`), rareHanzi],
  ])('renders %s with the full font: the document a worker without the cut makes', async (_, doc, expected) => {
    const viaCut = await renderPdf(doc, { docId: 'cut-rare', generatedAt: at });
    const full = await renderPdf(doc, { docId: 'cut-rare', generatedAt: at, font: defaultCjkFont() });
    expect(viaCut.equals(full)).toBe(true);
    expect(await pdfText(savePdf('cut-rare', viaCut))).toContain(expected);
  });

  it('decides per document when renders overlap', async () => {
    const docs = [letter(common), letter(rareHanzi), letter('上海东风汽配'), letter(hangul)];
    const one = (d: TDocumentDefinitions, i: number) => renderPdf(d, { docId: `cut-${i}`, generatedAt: at });
    const alone: Buffer[] = [];
    for (const [i, d] of docs.entries()) alone.push(await one(d, i));
    const together = await Promise.all(docs.map(one));
    expect(together.map((b, i) => b.equals(alone[i]!))).toEqual([true, true, true, true]);
    const full = await renderPdf(docs[0]!, { docId: 'cut-0', generatedAt: at, font: defaultCjkFont() });
    expect(together[0]!.equals(full)).toBe(false);
  });

  it('is left alone when its files are missing or damaged', () => {
    const missing = commonFontCandidate('/nonexistent');
    expect(loadCommonCjkFont(missing)).toBeNull();
    const damaged = { ...commonFontCandidate(), regular: { ...commonFontCandidate().regular, file: __filename } };
    expect(statSync(damaged.regular.file).isFile()).toBe(true);
    expect(loadCommonCjkFont(damaged)).toBeNull();
  });
});
