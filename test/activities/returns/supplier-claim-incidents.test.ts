// Supplier recovery claims the costs of supplier-responsible batch quality incidents (issue 18 item 3), on real parts:
// the inspection journal and the parts catalogue as workbooks, the incident register (质量事件登记) authored by
// LibreOffice, read through the Excel backend by the claim activities; the claim rendered to a real PDF and read
// back with pdftotext: the incident's own line citing its id, and the total = returns lines + incident lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkStore } from '../../../activities/archive/work-store';
import { INCIDENT_REGISTER_HEADER } from '../../../activities/incidents';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { INSPECTION_HEADER, RECOVERY_HEADER } from '../../../activities/returns/journals';
import { createMasterReader } from '../../../activities/returns/read-masters';
import { createSupplierClaimActivities } from '../../../activities/returns/supplier-claims';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import type { TableRef } from '../../../activities/sheets/types';
import { ValidationError } from '../../../domain/errors';
import type { PdfContext } from '../../../templates/pdf/layout';
import { supplierClaimTemplate, type SupplierClaimData } from '../../../templates/pdf/supplier-claim';
import { PARTS, testSettings, writeWorkbook } from '../../workflows/returns/returns-kit';
import { parsePeriod } from '../../../domain/calendar';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'sheets', 'libreoffice', 'incident-register-month.xlsx');
const B = 'incident-2026-10-BK-2001-渗油'; // closed 2026-11-20, 华力制动 responsible, ¥1,200 (the fixture)
const HUALI = '华力制动';
let dir: string;
let work: WorkStore;

const register = (path: string): TableRef => ({ kind: 'excel', path, sheet: '质量事件' });

function claims(incidentRegister?: TableRef) {
  const backend = createExcelBackend({ root: dir });
  const settings = testSettings(dir, {
    suppliers: [{ code: 'HXZD', name: '浙江华信制动系统有限公司', email: 'claims@huaxin.example.cn' }],
    ...(incidentRegister ? { incidentRegister } : {}),
  });
  return createSupplierClaimActivities(
    {
      settings,
      backendFor: () => backend,
      work,
      mail: () => Promise.reject(new Error('no mail here')),
      stateDir: join(dir, 'state'),
    },
    { masters: createMasterReader(() => backend) },
  );
}

/** A closing row as the incident workflow writes it (cost in yuan), with the cells a test wants to spoil. */
function closedRow(id: string, date: string, supplier: string, responsible: string, cost: unknown): unknown[] {
  const part = id.includes('BK-2001') ? ['BK-2001', '制动卡钳', '渗油'] : ['BRK-1001', '制动盘', '抖动'];
  return [
    `${id}#closed`,
    id,
    new Date(`${date}T00:00:00Z`),
    'closed',
    '已关闭',
    ...part,
    supplier,
    responsible,
    cost,
    '品质部',
    null,
  ];
}

async function pdfText(data: SupplierClaimData, name: string): Promise<string> {
  const ctx: PdfContext = { locale: 'zh-CN', generatedAt: '2026-11-30T15:59:59Z', docId: name };
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await renderPdf(supplierClaimTemplate(data, ctx), ctx));
  mkdirSync(join(process.cwd(), 'test-artifacts', 'returns'), { recursive: true });
  copyFileSync(path, join(process.cwd(), 'test-artifacts', 'returns', `${name}.pdf`));
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claim-incidents-'));
  work = new WorkStore({ root: join(dir, 'store') });
  // 华力制动 (HLZD) supplies BK-2001 per the catalogue; 华信 is known to the config directory only.
  await writeWorkbook(
    join(dir, 'parts.xlsx'),
    '配件',
    ['配件编号', '配件名称', '类别', '单位', '单价', '供应商', '适用车型', '供应商代码', '供应商联系人', '供应商邮箱'],
    [
      ...PARTS.map((p) => [...p, '', '', '']),
      ['BK-2001', '制动卡钳', '制动系统', '件', 560, HUALI, 'JX1040', 'HLZD', '赵经理', 'claims@huali.example.cn'],
    ],
  );
  // Two supplier-responsible returns of BK-2001 in November, one of BRK-1001 (华信), one warranty-accepted.
  const inspection = (no: string, date: string, partNo: string, supplier: string, verdict: string, yuan: number) => [
    new Date(`${date}T00:00:00Z`),
    '三包鉴定',
    'JX1040',
    partNo,
    partNo === 'BK-2001' ? '制动卡钳' : '制动盘',
    '渗油',
    supplier,
    'D001',
    '华东',
    'LVX000000000001',
    1,
    '',
    no,
    verdict,
    yuan,
  ];
  await writeWorkbook(
    join(dir, '三包鉴定结果.xlsx'),
    '三包鉴定',
    [...INSPECTION_HEADER],
    [
      inspection('R2026110001', '2026-11-04', 'BK-2001', HUALI, '供应商责任', 560),
      inspection('R2026110002', '2026-11-12', 'BK-2001', HUALI, '供应商责任', 280.5),
      inspection('R2026110003', '2026-11-13', 'BRK-1001', '浙江华信制动系统有限公司', '供应商责任', 320),
      inspection('R2026110004', '2026-11-14', 'BK-2001', HUALI, '三包同意', 560),
    ],
  );
  await writeWorkbook(join(dir, '供应商索赔.xlsx'), '供应商索赔', [...RECOVERY_HEADER], []);
  copyFileSync(FIXTURE, join(dir, '质量事件登记.xlsx'));
  const header = [...INCIDENT_REGISTER_HEADER];
  // The closing row copied by hand below itself, and an incident of 华信 (named by code) closed in November.
  const hx = 'incident-2026-11-BRK-1001-抖动';
  await writeWorkbook(join(dir, '登记-重复.xlsx'), '质量事件', header, [
    closedRow(B, '2026-11-20', HUALI, '是', 1200),
    closedRow(B, '2026-11-20', HUALI, '是', 1200),
    closedRow(hx, '2026-11-25', 'HXZD', '是', '3,000.00'),
    closedRow('incident-2026-11-BK-2001-异响', '2026-11-26', HUALI, '否', 900), // not the supplier: not claimed
    closedRow('incident-2026-10-BK-2001-松动', '2026-10-26', HUALI, '是', 700), // October's claim, not November's
  ]);
  await writeWorkbook(join(dir, '登记-坏费用.xlsx'), '质量事件', header, [
    closedRow(B, '2026-11-20', HUALI, '是', '待定'),
    closedRow(hx, '2026-11-25', 'HXZD', '待确认', 3000),
  ]);
  await writeWorkbook(join(dir, '登记-无名供应商.xlsx'), '质量事件', header, [
    closedRow(B, '2026-11-20', '无名配套厂', '是', 1200),
  ]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('supplier claims with supplier-responsible incident costs', () => {
  it('adds the incident as its own line citing its id; the PDF total ties to returns + incident lines', async () => {
    const acts = claims(register('质量事件登记.xlsx'));
    const prep = await acts.prepareSupplierClaim({
      period: parsePeriod('2026-11'),
      supplierCode: 'HLZD',
      issuedOn: '2026-11-30',
    });
    // Returns 560.00 + 280.50 = 840.50; the incident ¥1,200.00; claimed ¥2,040.50 over 3 lines.
    expect(prep).toMatchObject({
      claimNo: 'SC-2026-11-HLZD',
      supplierName: HUALI,
      lines: 3,
      qty: 2,
      totalFen: 204_050,
      incidents: { lines: 1, amountFen: 120_000 },
    });
    const data = await work.getJson<SupplierClaimData>(prep.dataRef!);
    expect(data.incidents).toEqual([
      {
        incidentId: B,
        closedOn: '2026-11-20',
        partNo: 'BK-2001',
        partName: '制动卡钳',
        failureName: '渗油',
        amountFen: 120_000,
      },
    ]);
    expect(data.totals).toMatchObject({ amountFen: 204_050, returnsFen: 84_050, incidentFen: 120_000 });
    const text = await pdfText(data, 'supplier-claim-incident');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(B);
    const incidentLine = text.split('\n').find((l) => l.includes('2026-11-20')) ?? '';
    expect(incidentLine).toMatch(/BK-2001.*制动卡钳.*渗油\s+1,200\.00/);
    expect(text).toMatch(/旧件小计.*840\.50/);
    expect(text).toMatch(/事件费用小计.*1,200\.00/);
    expect(flat).toContain('索赔合计2,040.50元=旧件索赔840.50元（2行）+事件费用1,200.00元（1行）');
    expect(text).toContain('2,040.50'); // the key figure on top
    // The quality feedback's recovery columns state the same claim.
    const summary = await acts.summarizeSupplierRecovery({ period: parsePeriod('2026-11') });
    expect(summary.find((r) => r.supplierCode === 'HLZD')).toMatchObject({ claimedFen: 204_050, openClaims: 1 });
    // Another month has no such cost; the month before has no returns either.
    const oct = await acts.prepareSupplierClaim({
      period: parsePeriod('2026-10'),
      supplierCode: 'HLZD',
      issuedOn: '2026-10-31',
    });
    expect(oct.lines).toBe(0);
  });

  it('claims each incident once, by code or name, only when closed in the month and supplier-responsible', async () => {
    const acts = claims(register('登记-重复.xlsx'));
    const listed = await acts.listClaimSuppliers({ period: parsePeriod('2026-11') });
    expect(listed.suppliers.map((s) => [s.supplierCode, s.lines, s.totalFen])).toEqual([
      ['HLZD', 3, 204_050],
      ['HXZD', 2, 332_000],
    ]);
    const first = await acts.prepareSupplierClaim({
      period: parsePeriod('2026-11'),
      supplierCode: 'HXZD',
      issuedOn: '2026-11-30',
    });
    const again = await acts.prepareSupplierClaim({
      period: parsePeriod('2026-11'),
      supplierCode: 'HXZD',
      issuedOn: '2026-11-30',
    });
    // A re-run builds the same claim, byte for byte: nothing added twice.
    expect(again.dataRef).toEqual(first.dataRef);
    const data = await work.getJson<SupplierClaimData>(first.dataRef!);
    expect(data.supplier).toMatchObject({ code: 'HXZD', name: '浙江华信制动系统有限公司' });
    expect(data.incidents?.map((i) => [i.incidentId, i.amountFen])).toEqual([
      ['incident-2026-11-BRK-1001-抖动', 300_000],
    ]);
    const oct = await acts.listClaimSuppliers({ period: parsePeriod('2026-10') });
    expect(oct.suppliers.map((s) => [s.supplierCode, s.lines, s.totalFen])).toEqual([['HLZD', 1, 70_000]]);
    // A supplier with an incident cost and no returns gets a claim of its incident lines alone.
    const octData = await work.getJson<SupplierClaimData>(
      (
        await acts.prepareSupplierClaim({
          period: parsePeriod('2026-10'),
          supplierCode: 'HLZD',
          issuedOn: '2026-10-31',
        })
      ).dataRef!,
    );
    expect(octData.lines).toEqual([]);
    const text = (await pdfText(octData, 'supplier-claim-incident-only')).replace(/\s+/g, '');
    expect(text).toContain('incident-2026-10-BK-2001-松动');
    expect(text).toContain('索赔合计700.00元=旧件索赔0.00元（0行）+事件费用700.00元（1行）');
  });

  it('refuses a cost or a responsibility it cannot read, naming file, sheet, row and column', async () => {
    const acts = claims(register('登记-坏费用.xlsx'));
    const err = await acts.listClaimSuppliers({ period: parsePeriod('2026-11') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const message = (err as Error).message;
    expect(message).toContain(`登记-坏费用.xlsx › 质量事件 › row 2 › column "费用": ${B}`);
    expect(message).toContain('(value: "待定")');
    expect(message).toContain('登记-坏费用.xlsx › 质量事件 › row 3 › column "供应商责任"');
    expect(message).toContain('(value: "待确认")');
    // Nothing was prepared for the month: the claim is refused as a whole, not issued short.
    await expect(
      acts.prepareSupplierClaim({ period: parsePeriod('2026-11'), supplierCode: 'HLZD', issuedOn: '2026-11-30' }),
    ).rejects.toThrow(/费用/);
  });

  it('lists an incident whose supplier nobody knows instead of claiming it under an invented code', async () => {
    const acts = claims(register('登记-无名供应商.xlsx'));
    const listed = await acts.listClaimSuppliers({ period: parsePeriod('2026-11') });
    expect(listed.unassignedIncidents).toEqual([
      { incidentId: B, partNo: 'BK-2001', supplier: '无名配套厂', costFen: 120_000, row: 2 },
    ]);
    // 华力制动's returns are still claimed, without the cost it is not named for.
    expect(listed.suppliers.map((s) => [s.supplierCode, s.lines, s.totalFen])).toEqual([
      ['HLZD', 2, 84_050],
      ['HXZD', 1, 32_000],
    ]);
  });
});
