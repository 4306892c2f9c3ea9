import { describe, expect, it } from 'vitest';
import { openFontFace } from '../../../activities/pdf/fontkit';
import {
  type CjkFontCandidate,
  CJK_FONT_CANDIDATES,
  defaultCjkFont,
  locateCjkFont,
} from '../../../activities/pdf/fonts';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { AppError } from '../../../domain/errors';
import { barChartSvg } from '../../../templates/pdf/charts';
import { baseDocument, chartBlock, type PdfContext } from '../../../templates/pdf/layout';
import { pdfFonts, pdfLines, rasterizePage, savePdf } from './poppler';

const ctx: PdfContext = { locale: 'zh-CN', generatedAt: '2026-11-30T02:00:00Z', docId: 'font-test' };
const wqy = CJK_FONT_CANDIDATES.find((c) => c.name === 'WenQuanYi Zen Hei') as CjkFontCandidate;
const missing: CjkFontCandidate = {
  name: 'nowhere',
  regular: { file: '/nonexistent/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
};

describe('CJK font discovery', () => {
  it('finds Debian fonts-noto-cjk: the SC faces of the Regular and Bold collections', () => {
    const font = defaultCjkFont();
    expect(font.regular).toMatchObject({
      file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
      postscriptName: 'NotoSansCJKsc-Regular',
      fontName: 'NotoSansCJKsc-Regular',
    });
    expect(font.bold).toMatchObject({ postscriptName: 'NotoSansCJKsc-Bold', fontName: 'NotoSansCJKsc-Bold' });
  });

  it('makes Noto CFF subsets small (unused subroutine slots are empty)', () => {
    const font = defaultCjkFont();
    const face = openFontFace(font.regular.bytes, font.regular.postscriptName);
    const subset = face?.createSubset() as { includeGlyph(id: number): number; encode(): Uint8Array } | undefined;
    const faceWithCmap = face as unknown as { glyphForCodePoint(cp: number): { id: number } };
    for (const ch of '经销商往来账目月统计报表0123456789')
      subset?.includeGlyph(faceWithCmap.glyphForCodePoint(ch.codePointAt(0) ?? 0).id);
    // fontkit's own subsetter produces ~94 KB here (one `return` byte per each of ~43 000 subroutines).
    expect(subset?.encode().length).toBeLessThan(45_000);
  });

  it('falls back to WenQuanYi Zen Hei, whose TrueType subset renders and extracts Chinese, charts included', async () => {
    const font = locateCjkFont([missing, wqy]);
    expect(font.name).toBe('WenQuanYi Zen Hei');
    expect(font.bold).toBe(font.regular);
    const doc = baseDocument({
      ctx,
      title: '备用字体',
      content: [
        { text: '文泉驿正黑备用字体：对账单' },
        chartBlock(
          barChartSvg({
            title: '退货数量',
            items: [
              { label: '一月', value: 3 },
              { label: '二月', value: 5 },
            ],
          }),
        ),
      ],
    });
    const path = savePdf('font-wqy', await renderPdf(doc, { ...ctx, font }));
    const lines = await pdfLines(path);
    expect(lines).toContain('文泉驿正黑备用字体：对账单');
    expect(lines).toContain('退货数量');
    const fonts = await pdfFonts(path);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(['WenQuanYiZenHei']);
    expect(fonts[0]).toMatchObject({ embedded: true, subset: true, unicode: true });
    expect((await rasterizePage(path, 1, 'font-wqy-page1')).warnings).toBe('');
  });

  it('skips a collection that lacks the named face and says why', () => {
    const wrongFace: CjkFontCandidate = {
      name: 'wrong face',
      regular: {
        file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
        postscriptName: 'NotoSansCJKxx-Regular',
      },
    };
    const err = (() => {
      try {
        locateCjkFont([wrongFace]);
      } catch (e) {
        return e;
      }
    })();
    expect((err as Error).message).toContain('NotoSansCJKxx-Regular');
    expect((err as Error).message).toContain('no face with that PostScript name');
  });

  it('fails with the paths searched and the package to install when no CJK font exists', () => {
    let err: unknown;
    try {
      locateCjkFont([missing]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'FontMissing', permanent: false });
    expect((err as Error).message).toContain('/nonexistent/NotoSansCJK-Regular.ttc');
    expect((err as Error).message).toContain('apt-get install fonts-noto-cjk');
  });
});
