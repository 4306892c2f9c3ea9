// The returns PDFs and mails in both locales: rendered for real (pdfmake + CJK font), read back with pdftotext.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { renderMail } from '../../../templates/mail';
import { goodsReceivedNoteTemplate, type GoodsReceivedNoteData } from '../../../templates/pdf/goods-received-note';
import type { PdfContext } from '../../../templates/pdf/layout';
import { supplierClaimTemplate } from '../../../templates/pdf/supplier-claim';

const grn: GoodsReceivedNoteData = {
  company: '售后服务部',
  grnNo: 'GRN-R2026110042',
  returnNo: 'R2026110042',
  claimNo: 'SP20261142',
  registeredOn: '2026-11-03',
  receivedOn: '2026-11-08',
  inspectedOn: '2026-11-10',
  dealer: { id: 'D001', name: '华东汽车服务站', region: '华东' },
  part: { partNo: 'BRK-1001', name: '制动盘', supplier: '浙江华信制动系统有限公司', model: 'JX1040' },
  qtyRegistered: 4,
  qtyAccepted: 3,
  location: '报废区',
  verdict: '三包同意',
  failureMode: '制动抖动',
  notes: '一件无故障',
  resolution: '经销商同意鉴定结果',
  credit: { docNo: 'CR-R2026110042', amountFen: 96_000 },
  people: { warehouseKeeper: '周仓管', technician: '陈工' },
};

async function text(doc: ReturnType<typeof goodsReceivedNoteTemplate>, ctx: PdfContext, name: string): Promise<string> {
  const bytes = await renderPdf(doc, ctx);
  const dir = join(process.cwd(), 'test-artifacts', 'returns');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe('returns documents', () => {
  it('prints the goods-received note in Chinese and English on one page', async () => {
    const zh = await text(
      goodsReceivedNoteTemplate(grn, { locale: 'zh-CN', generatedAt: '2026-11-10T02:00:00Z', docId: 'd1' }),
      { locale: 'zh-CN', generatedAt: '2026-11-10T02:00:00Z', docId: 'd1' },
      'grn-zh.pdf',
    );
    expect(zh).toContain('旧件入库单 GRN-R2026110042');
    expect(zh).toMatch(/3 ?\/ ?4/);
    expect(zh).toContain('960.00');
    expect(zh).toContain('制动抖动');
    expect(zh).toContain('第1页，共1页');
    const en = await text(
      goodsReceivedNoteTemplate(grn, { locale: 'en', generatedAt: '2026-11-10T02:00:00Z', docId: 'd1' }),
      { locale: 'en', generatedAt: '2026-11-10T02:00:00Z', docId: 'd1' },
      'grn-en.pdf',
    );
    expect(en).toContain('Goods-received note GRN-R2026110042');
    expect(en).toContain('Page 1 of 1');
    expect(() =>
      goodsReceivedNoteTemplate(
        { ...grn, qtyAccepted: -1 },
        { locale: 'zh-CN', generatedAt: '2026-11-10T02:00:00Z', docId: 'd1' },
      ),
    ).toThrow(/qtyAccepted/);
  });

  it('lists every claim line with the total, across pages when long', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      returnNo: `R20261100${String(i + 1).padStart(2, '0')}`,
      date: '2026-11-10',
      dealerId: 'D001',
      partNo: 'BRK-1001',
      partName: '制动盘',
      qty: 1,
      failureMode: '制动异响',
      amountFen: 32_050,
    }));
    const ctx: PdfContext = { locale: 'zh-CN', generatedAt: '2026-12-01T02:00:00Z', docId: 'd2' };
    const doc = supplierClaimTemplate(
      {
        company: '售后服务部',
        claimNo: 'SC-2026-11-HXZD',
        period: '2026-11',
        issuedOn: '2026-12-01',
        supplier: { code: 'HXZD', name: '浙江华信制动系统有限公司' },
        lines,
        totals: { lines: 60, qty: 60, amountFen: 60 * 32_050 },
        agingLimitDays: 30,
      },
      ctx,
    );
    const t = await text(doc, ctx, 'supplier-claim-long.pdf');
    expect(t).toContain('R2026110060');
    expect(t).toContain('19,230.00');
    expect(t).toMatch(/第2页，共\d页/);
  });

  it('renders the returns mails in both locales with their figures', () => {
    const zh = renderMail('return-receipt-reminder', 'zh-CN', {
      returnNo: 'R1',
      registeredOn: '2026-11-02',
      part: 'BRK-1001 制动盘',
      qty: 2,
      reminderNumber: 2,
    });
    expect(zh.subject).toBe('【旧件催寄】退回单 R1 旧件尚未收到');
    expect(zh.text).toContain('第 2 次提醒');
    const en = renderMail('return-outcome', 'en', {
      returnNo: 'R1',
      grnNo: 'GRN-R1',
      verdict: 'Warranty accepted',
      qtyRegistered: 2,
      qtyCredited: 2,
      creditAmount: '700.00',
      creditDocNo: 'CR-R1',
    });
    expect(en.subject).toBe('[Return R1] goods received, verdict and credit');
    expect(en.text).toContain('700.00 CNY');
    expect(en.html).not.toContain('<script');
    const problems = renderMail('return-register-problems', 'zh-CN', {
      file: 'a.xlsx',
      sheet: 's',
      problemCount: 60,
      problems: Array.from({ length: 60 }, (_, i) => `row ${i}`),
    });
    expect(problems.text).toContain('另有 10 处问题未列出');
    expect(() =>
      renderMail('supplier-claim-result', 'zh-CN', {
        claimNo: '',
        supplierName: 'x',
        period: '2026-11',
        status: 's',
        claimAmount: '1',
        recoveredAmount: '1',
        decidedBy: 'a',
        decidedAt: 'b',
        aged: false,
      }),
    ).toThrow(/claimNo/);
  });
});
