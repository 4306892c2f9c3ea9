// Monthly supplier recovery on the run's real dev server: the month's supplier-responsible inspections batched
// per supplier (who and whose contact from the parts catalogue, else the config directory; nobody invented), with
// the costs of supplier-responsible incidents closed in the month from the incident register, claim PDF (pdftotext)
// to the supplier contact and purchasing, confirmation over HTTP from the real mail, the recovered amount written
// once to the recovery register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ReturnsActivities } from '../../../activities/returns';
import type { InspectionPosting } from '../../../activities/returns/post-return';
import {
  supplierRecoveryMonthWorkflow,
  type supplierRecoveryWorkflow,
  type SupplierRecoveryResult,
} from '../../../workflows';
import { connectClient, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import { localDate, parsePeriod } from '../../../domain/calendar';
import { INCIDENT_REGISTER_HEADER } from '../../../activities/incidents';
import {
  PURCHASING,
  answer,
  mailTo,
  readSheet,
  startHarness,
  tag,
  writeWorkbook,
  type ReturnsHarness,
} from './returns-kit';

const T = tag();
const HUAXIN = '浙江华信制动系统有限公司';
const DONGSHENG = '宁波东昇汽车电器有限公司';
const JINHAI = '天津津海滤清器有限公司';
const DS_CONTACT = 'claims@dongsheng.example.cn';
// Each test file has its own data dir, so the month and supplier codes only need to be unique on the shared server.
const PERIOD = parsePeriod(`20${String(30 + (parseInt(T, 16) % 60)).padStart(2, '0')}-11`);
// A batch quality incident on 华信's brake disc, closed in the month, root cause: the supplier (¥1,500.00).
const INCIDENT = `incident-${PERIOD}-BRK-1001-异响`;

let client: Client;
let h: ReturnsHarness;
let taskQueue: string;
let w: { worker: Worker; connection: NativeConnection; running: Promise<void> };
let acts: ReturnsActivities;

function inspection(
  n: string,
  date: string,
  supplier: string,
  verdict: InspectionPosting['verdict'],
  creditFen: number,
): InspectionPosting {
  return {
    returnNo: `S${T}${n}`,
    date,
    model: 'JX1040',
    partNo: supplier === HUAXIN ? 'BRK-1001' : supplier === DONGSHENG ? 'ELC-2001' : 'FLT-3001',
    partName: supplier === HUAXIN ? '制动盘' : supplier === DONGSHENG ? '发电机总成' : '机油滤清器',
    supplier,
    dealerId: 'D001',
    region: '华东',
    qty: 1,
    failureMode: supplier === HUAXIN ? '制动异响' : '发电不足',
    notes: '',
    verdict,
    creditFen,
  };
}

beforeAll(async () => {
  client = await connectClient();
  taskQueue = uniqueTaskQueue('supplier');
  h = await startHarness({
    client,
    // 华信 is known to the config directory only; 东昇 carries its code and contact in the parts catalogue.
    settings: {
      suppliers: [{ code: `HX${T}`, name: HUAXIN, email: 'claims@huaxin.example.cn', contact: '钱经理' }],
      incidentRegister: { kind: 'excel', path: '质量事件登记.xlsx', sheet: '质量事件' },
    },
    partSuppliers: { 'ELC-2001': [`DS${T}`, '李经理', DS_CONTACT] },
  });
  acts = h.activities(client, taskQueue) as unknown as ReturnsActivities;
  const part = ['BRK-1001', '制动盘', '制动异响', HUAXIN];
  await writeWorkbook(
    join(h.dir, '质量事件登记.xlsx'),
    '质量事件',
    [...INCIDENT_REGISTER_HEADER],
    [
      [`${INCIDENT}#opened`, INCIDENT, new Date(`${PERIOD}-02`), 'opened', '开立', ...part, null, null, '系统', null],
      [
        `${INCIDENT}#root-cause`,
        INCIDENT,
        new Date(`${PERIOD}-09`),
        'root-cause',
        '已分析原因',
        ...part,
        '是',
        null,
        '品质部',
        null,
      ],
      [
        `${INCIDENT}#closed`,
        INCIDENT,
        new Date(`${PERIOD}-28`),
        'closed',
        '已关闭',
        ...part,
        '是',
        1500,
        '品质部',
        null,
      ],
    ],
  );
  const created = await createTestWorker({ taskQueue, activities: h.activities(client, taskQueue) });
  w = { worker: created.worker, connection: created.connection, running: created.worker.run() };
  // The month's inspection results, as return workflows write them (the same activity).
  for (const p of [
    inspection('01', `${PERIOD}-03`, HUAXIN, 'supplier-responsible', 64_000),
    inspection('02', `${PERIOD}-17`, HUAXIN, 'supplier-responsible', 32_050),
    inspection('03', `${PERIOD}-20`, DONGSHENG, 'supplier-responsible', 185_050),
    inspection('04', `${PERIOD}-21`, HUAXIN, 'warranty-accepted', 32_000),
    inspection('05', `${PERIOD.slice(0, 5)}10-30`, HUAXIN, 'supplier-responsible', 10_000),
    inspection('06', `${PERIOD}-22`, JINHAI, 'supplier-responsible', 4_500),
  ]) {
    await acts.recordInspection(p);
  }
});

afterAll(async () => {
  w?.worker.shutdown();
  await w?.running;
  await w?.connection.close();
  await h?.close();
  await client?.connection.close();
});

describe('supplier recovery', () => {
  it('batches the month per supplier, mails the claim PDF, records the amount the supplier confirms', async () => {
    const month = await client.workflow.execute(supplierRecoveryMonthWorkflow, {
      taskQueue,
      workflowId: `supplier-recovery-${PERIOD}-${T}`,
      args: [{ period: PERIOD }],
    });
    const dsCode = `DS${T}`;
    expect(month.suppliers.map((s) => [s.supplierCode, s.supplierName, s.email, s.status]).sort()).toEqual(
      [
        [`HX${T}`, HUAXIN, 'claims@huaxin.example.cn', 'started'],
        [dsCode, DONGSHENG, DS_CONTACT, 'started'],
      ].sort(),
    );
    // A part whose supplier neither the catalogue nor the directory knows is listed, never claimed under a made-up code.
    expect(month.unassigned).toEqual([{ returnNo: `S${T}06`, partNo: 'FLT-3001', supplier: JINHAI, creditFen: 4_500 }]);

    // The supplier contact gets the link with the claim attached; purchasing too.
    const ask = await mailTo(h.catcher, 'claims@huaxin.example.cn', ['供应商索赔确认', `SC-${PERIOD}-HX${T}`]);
    await mailTo(h.catcher, PURCHASING.email, ['供应商索赔确认', `SC-${PERIOD}-HX${T}`]);
    expect(ask.attachments).toHaveLength(1);
    const dir = join(process.cwd(), 'test-artifacts', 'returns');
    mkdirSync(dir, { recursive: true });
    const pdf = join(dir, 'supplier-claim.pdf');
    writeFileSync(pdf, ask.attachments[0]!.content);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain(`供应商索赔单 ${PERIOD}`);
    expect(text).toContain(`SC-${PERIOD}-HX${T}`);
    expect(text).toContain(`S${T}01`);
    expect(text).toContain(`S${T}02`);
    expect(text).not.toContain(`S${T}04`); // warranty-accepted: not the supplier's
    expect(text).not.toContain(`S${T}05`); // another month
    expect(text).toContain('960.50'); // returns: 640.00 + 320.50
    // The incident's cost as its own line citing the incident, and the total = returns + incident lines.
    expect(text.replace(/\s+/g, '')).toContain(INCIDENT);
    expect(text).toContain('1,500.00');
    expect(text.replace(/\s+/g, '')).toContain('索赔合计2,460.50元=旧件索赔960.50元（2行）+事件费用1,500.00元（1行）');
    expect(text).toContain('制动异响'); // failure mode and disposition from the verdict
    expect(text).toContain('入索赔区');

    const clickedFrom = Date.now();
    const click = await answer(h, 'claims@huaxin.example.cn', ['供应商索赔确认', `SC-${PERIOD}-HX${T}`], 'confirm', {
      fields: { amount: '900' },
    });
    expect(click.page).toContain('¥2,460.50');
    expect(click.page).toContain('批量质量事件 1 起');
    const hx: SupplierRecoveryResult = await client.workflow
      .getHandle<typeof supplierRecoveryWorkflow>(`supplier-recovery-${PERIOD}-HX${T}`)
      .result();
    expect(hx).toMatchObject({
      status: 'confirmed',
      lines: 3,
      claimFen: 246_050,
      recoveredFen: 90_000,
      aged: false,
      decidedBy: 'claims@huaxin.example.cn',
    });
    const sha = createHash('sha256').update(ask.attachments[0]!.content).digest('hex');
    expect(sha).toBe(hx.claim!.sha256);
    const archived = await h.services.archive.getDocument(hx.claim!.docId);
    expect(archived?.entry.kind).toBe('supplier-claim');

    // The catalogue's contact gets 东昇's claim and disputes it; the dispute is recorded as such.
    await mailTo(h.catcher, DS_CONTACT, ['供应商索赔确认', `SC-${PERIOD}-${dsCode}`]);
    await answer(h, DS_CONTACT, ['供应商索赔确认', `SC-${PERIOD}-${dsCode}`], 'dispute', {
      comment: '供应商要求复检',
      fields: { amount: '0' },
    });
    const ds: SupplierRecoveryResult = await client.workflow
      .getHandle<typeof supplierRecoveryWorkflow>(`supplier-recovery-${PERIOD}-${dsCode}`)
      .result();
    expect(ds).toMatchObject({ status: 'disputed', claimFen: 185_050, recoveredFen: 0 });

    const register = await readSheet(join(h.dir, '供应商索赔.xlsx'), '供应商索赔');
    const row = register.find((r) => r[0] === `SC-${PERIOD}-HX${T}`);
    expect(row?.slice(0, 9)).toEqual([`SC-${PERIOD}-HX${T}`, PERIOD, `HX${T}`, HUAXIN, 3, 2, 2460.5, '已确认', 900]);
    // 确认时间: the business date of the answer (company time zone), a date cell — not the instant of the click, which
    // would differ between two runs of the same month.
    const confirmedOn = row?.[10];
    expect(confirmedOn).toBeInstanceOf(Date);
    expect([localDate(clickedFrom, 'Asia/Shanghai'), localDate(Date.now(), 'Asia/Shanghai')]).toContain(
      (confirmedOn as Date).toISOString().slice(0, 10),
    );
    expect(register.find((r) => r[0] === `SC-${PERIOD}-${dsCode}`)?.[7]).toBe('有异议');
    const result = await mailTo(h.catcher, PURCHASING.email, ['供应商索赔', `SC-${PERIOD}-HX${T}`, '已确认']);
    expect(result.text).toContain('900.00');

    // Re-running the month starts nothing twice.
    const again = await client.workflow.execute(supplierRecoveryMonthWorkflow, {
      taskQueue,
      workflowId: `supplier-recovery-${PERIOD}-${T}-again`,
      args: [{ period: PERIOD }],
    });
    expect(again.suppliers.every((s) => s.status === 'already-started')).toBe(true);
    const posted = await acts.recordSupplierRecovery({
      claimNo: `SC-${PERIOD}-HX${T}`,
      period: PERIOD,
      supplierCode: `HX${T}`,
      supplierName: HUAXIN,
      lines: 2,
      qty: 2,
      claimFen: 96_050,
      status: 'confirmed',
      recoveredFen: 1,
      decidedBy: 'x',
      decidedAt: 'x',
      aged: false,
    });
    expect(posted).toMatchObject({ status: 'already-present', recoveredFen: 90_000 });
  });
});
