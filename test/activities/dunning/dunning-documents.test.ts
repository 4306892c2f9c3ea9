/**
 * The dunning documents as a reader sees them (real PDFs, text extracted with pdftotext): the statement ties out
 * line by line to the closing balance, the letter speaks with the level's template in the chosen language, the
 * finance summary shows totals, regions and held-back dealers; a level naming an unknown template is refused.
 */
import { describe, expect, it } from 'vitest';
import { buildLetterData, buildStatementData } from '../../../activities/dunning/build-document-data';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { emptyDunningState, reconcileDealer, summarizeFinance, toMonthResult } from '../../../domain/dunning';
import { dunningLetterTemplate } from '../../../templates/pdf/dunning-letter';
import { financeSummaryTemplate } from '../../../templates/pdf/finance-summary';
import { statementOfAccountTemplate } from '../../../templates/pdf/statement-of-account';
import type { PdfContext } from '../../../templates/pdf/layout';
import { dealer, exampleProcedure, pay, ship, credit } from '../../domain/dunning/fixtures';
import { execFileSync } from 'node:child_process';
import { savePdf } from '../pdf/poppler';

/** Layout-preserving text, so a table row stays on one line. */
const pdfText = async (path: string): Promise<string> =>
  execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

const ctx = (locale: 'zh-CN' | 'en'): PdfContext => ({
  locale,
  generatedAt: '2026-11-30T02:00:00Z',
  docId: 'dunning-2026-11-D001/test.pdf',
});

const d = dealer({ name: '杭州东风汽配', contact: '王先生' });
const ledger = [
  ship('2026-09-10', 'FH-0910', '12,000.00', '2026-10-10'),
  ship('2026-11-03', 'FH-1103', '3,456.78', '2026-12-03'),
  pay('2026-11-12', 'HK-1112', '5,000.00', { refDocNo: 'FH-0910' }),
  credit('2026-11-20', 'TH-1120', '321.00'),
];
const rec = reconcileDealer({
  dealer: d,
  transactions: ledger,
  state: emptyDunningState('D001'),
  procedure: exampleProcedure(),
  period: { from: '2026-11-01', to: '2026-11-30' },
  asOf: '2026-11-30',
});

describe('dunning documents', () => {
  it('statement of account: opening, movements with running balance, closing, aging (zh-CN)', async () => {
    const data = buildStatementData(d, rec, { companyName: '售后服务部', period: '2026-11' });
    const text = await pdfText(
      savePdf('dunning-statement-zh', await renderPdf(statementOfAccountTemplate(data, ctx('zh-CN')), ctx('zh-CN'))),
    );
    expect(text).toContain('对账单 2026-11');
    expect(text).toContain('杭州东风汽配（D001）');
    // 12,000.00 opening + 3,456.78 − 5,000.00 − 321.00 = 10,135.78
    expect(text).toMatch(/期初余额[\s\S]*12,000\.00/);
    expect(text).toMatch(/HK-1112[^\n]*5,000\.00[^\n]*10,456\.78[^\n]*FH-0910/);
    // The unnamed credit note goes to the oldest open document.
    expect(text).toMatch(/FH-0910[^\n]*12,000\.00[^\n]*6,679\.00/);
    expect(text).toMatch(/期末余额[\s\S]*10,135\.78/);
    expect(text).toContain('账龄分析');
    expect(rec.statement.closingFen).toBe(1_013_578);
  });

  it('dunning letter: wording of the level template and of what was sent before, in English when asked', async () => {
    expect(rec.decision).toMatchObject({ action: 'send', level: 1 });
    const data = buildLetterData(d, rec, {
      companyName: 'After-sales',
      procedure: exampleProcedure(),
      payWithinDays: 7,
    });
    expect(data.priorLetters).toEqual([]);
    const en = await pdfText(
      savePdf(
        'dunning-letter-en',
        await renderPdf(dunningLetterTemplate({ ...data, letterNo: 'CK-2026-11-0007' }, ctx('en')), ctx('en')),
      ),
    );
    expect(en).toContain('Payment reminder');
    expect(en).toContain('CK-2026-11-0007');
    expect(en).toMatch(/FH-0910[^\n]*2026-10-10[^\n]*51[^\n]*6,679\.00/);

    // A first letter at the final level is an overdue notice listing the items: no "多次催告", no approval claimed.
    const first = await pdfText(
      savePdf(
        'dunning-letter-zh-first-final',
        await renderPdf(
          dunningLetterTemplate({ ...data, template: 'dunning-final', level: 3, draft: true }, ctx('zh-CN')),
          ctx('zh-CN'),
        ),
      ),
    );
    expect(first).toContain('逾期付款通知书');
    expect(first).toContain('草稿');
    expect(first).toContain('审批后编号');
    expect(first).not.toContain('多次');
    expect(first).not.toContain('经售后经理审批');

    // After two letters actually sent, it says so with their dates and numbers; the approver signs in 签核.
    const after = await pdfText(
      savePdf(
        'dunning-letter-zh-final',
        await renderPdf(
          dunningLetterTemplate(
            {
              ...data,
              template: 'dunning-final',
              level: 3,
              letterNo: 'CK-2026-11-0012',
              priorLetters: [
                { level: 1, sentOn: '2026-09-05', letterNo: 'CK-2026-09-0003' },
                { level: 2, sentOn: '2026-10-08', letterNo: 'CK-2026-10-0021' },
              ],
              approval: { by: '王经理', at: '2026-12-01T02:30:00.000Z' },
            },
            ctx('zh-CN'),
          ),
          ctx('zh-CN'),
        ),
      ),
    );
    const flat = after.replace(/\s+/g, ' ');
    expect(flat).toContain('最后催款通知书');
    expect(flat).toContain(
      '我部已于 2026-09-05（函号 CK-2026-09-0003）、2026-10-08（函号 CK-2026-10-0021）多次发函催告',
    );
    expect(flat).toMatch(/审批 王经理 已批准（电子审批） 2026-12-01 10:30/);
    expect(after).toContain('本通知经售后经理审批后发出');
    expect(() => dunningLetterTemplate({ ...data, template: 'dunning-typo' }, ctx('zh-CN'))).toThrow(/template/);
  });

  it('finance summary: totals, regions, letters per level, held-back dealers', async () => {
    const month = toMonthResult(d, rec, {
      statementSent: true,
      levelsSent: [1],
      creditHold: 'none',
      onHold: false,
      disputed: false,
      interestChargedFen: 0,
      feesChargedFen: 0,
    });
    const summary = summarizeFinance([month, { ...month, dealerId: 'D002', region: '西南' }]);
    const data = {
      company: '售后服务部',
      period: '2026-11',
      asOf: '2026-11-30',
      overall: summary.overall,
      byRegion: Object.entries(summary.byRegion).map(([region, t]) => ({ ...t, region })),
      levels: [1, 2, 3],
      topOverdue: [
        {
          dealerId: 'D001',
          name: '杭州东风汽配',
          region: '华东',
          closingFen: 1_013_578,
          overdueFen: 700_000,
          levels: '1',
          onHold: false,
          disputed: false,
        },
      ],
      heldBack: [{ dealerId: 'D0099', problems: 3 }],
      problemCount: 3,
      failed: [],
      sheetTab: '往来统计 2026-11',
    };
    const text = await pdfText(
      savePdf('dunning-finance-summary', await renderPdf(financeSummaryTemplate(data, ctx('zh-CN')), ctx('zh-CN'))),
    );
    expect(text).toContain('经销商往来账目月统计报表 2026-11');
    expect(text).toMatch(/合计[^\n]*20,271\.56/);
    expect(text).toContain('西南');
    expect(text).toContain('D0099（3）');
    expect(text).toContain('往来统计 2026-11');
  });
});
