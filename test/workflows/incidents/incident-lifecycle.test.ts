// A batch quality problem from signal to closure on the Java time-skipping server (weeks in seconds): the daily
// detector over real workbooks opens one incident; the next day's run attaches to it instead of opening another;
// the alert mail carries the evidence PDF; containment, root cause, corrective action, "action done" (reminded and
// escalated after its due date) and verification are decided from the links in the real mails; the closing
// report is archived and mailed, the register holds one row per event, and the key is free again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { incidentStatusQuery, type IncidentOutcome } from '../../../workflows';
import {
  decideFromMail,
  mailTo,
  mailsTo,
  nextDayRows,
  qualityRows,
  startIncidentHarness,
  writeQualityEvents,
  type IncidentHarness,
} from './incident-kit';

const ID = 'incident-2026-11-DP-1230-异响';
const MANAGER = 'manager@example.cn';
const SUPERVISOR = 'supervisor@example.cn'; // containment (people.customerSupervisor)
const QUALITY = 'quality@example.cn'; // root cause, action, verification (departments.quality)
const BUYER = 'buyer-hx@example.cn'; // purchasing contact of 华信

let h: IncidentHarness;

beforeAll(async () => {
  // 07:30 in Shanghai on Friday 13 November 2026: the detector examines the events up to the 12th.
  h = await startIncidentHarness({ startAt: '2026-11-12T23:30:00Z' });
});

afterAll(async () => {
  await h?.close();
});

function pdfOf(mail: ParsedMail): string {
  const att = mail.attachments.find((a) => a.contentType === 'application/pdf');
  if (!att) throw new Error(`no PDF attached to "${mail.subject}"`);
  const file = join(h.services.config.dataDirAbs, `${att.checksum}.pdf`);
  writeFileSync(file, att.content);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function registerRows(): Promise<string[][]> {
  const path = join(h.services.config.dataDirAbs, 'samples', '质量事件登记.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: string[][] = [];
  wb.getWorksheet('质量事件')!.eachRow((row) =>
    out.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''))),
    ),
  );
  return out;
}

describe('batch quality incident, signal to closure (time-skipping server)', () => {
  it('opens once, attaches the next signal, walks every step from the mails and closes with a report', async () => {
    // Day 1: the batch of 11 刹车异响 since 11-09 (about one a week before) opens the incident.
    const day1 = await h.detect();
    expect(day1.asOf).toBe('2026-11-12');
    expect(day1.routed).toEqual([{ key: 'DP-1230|F07', workflowId: ID, status: 'opened' }]);
    expect(day1.counts).toMatchObject({ signals: 1, open: 0 });
    // The inspections journal (三包鉴定结果.xlsx) does not exist yet: listed, and the other source still used.
    expect(day1.blocking).toEqual([expect.stringContaining('三包鉴定结果.xlsx')]);

    // The alert: manager, quality department and 华信's purchasing contact, each with the evidence PDF.
    const alerts = await Promise.all(
      [MANAGER, QUALITY, BUYER].map((to) => mailTo(h.catcher, to, ['【质量预警】', 'DP-1230'])),
    );
    const evidence = pdfOf(alerts[0]!);
    for (const text of [
      '批量质量问题预警',
      'DP-1230',
      '异响',
      ID,
      '华东',
      'LJ1K6480P26',
      '100200',
      '=1-POISSON.DIST(10,',
    ]) {
      expect(evidence).toContain(text);
    }
    expect(alerts[0]!.text).toContain('近期 / 预期');

    // Day 2: three more; the detector checks the open incident against its frozen baseline and attaches.
    await writeQualityEvents(h.services, qualityRows(nextDayRows()));
    const day2 = await h.detect('2026-11-13');
    expect(day2.routed).toEqual([{ key: 'DP-1230|F07', workflowId: ID, status: 'attached' }]);
    expect(day2.counts).toMatchObject({ signals: 0, open: 1 });
    await expect(h.plain.workflow.getHandle(`${ID}-2`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // The same day examined again (a re-run) attaches nothing new.
    await h.detect('2026-11-13');
    const incident = h.plain.workflow.getHandle(ID);
    const attached = await incident.query(incidentStatusQuery);
    expect(attached.observations).toMatchObject({ total: 2, active: 2 });
    expect(attached.observations.latest).toMatchObject({ asOf: '2026-11-13', observed: 14, active: true });
    expect(mailsTo(h.catcher, MANAGER, ['【质量预警】'])).toHaveLength(1);

    // Containment (customer supervisor), root cause (quality: the supplier is responsible), corrective action.
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, SUPERVISOR, ['遏制措施']), 'submit', {
      fields: {
        scope: '冻结 11 月华信批次 B2611 库存；VIN LJ1K6480P26100200–100249',
        hold: 'on',
        dealersNotified: 'on',
        containedOn: '2026-11-13',
      },
    });
    await decideFromMail(h.plain, h.services, await mailTo(h.catcher, QUALITY, ['原因分析']), 'submit', {
      fields: { responsibility: 'supplier', supplier: '', cause: '摩擦片批次 B2611 配方偏差，高温下异响' },
    });
    const actionMail = await mailTo(h.catcher, QUALITY, ['纠正措施']);
    expect(actionMail.text).toContain('供应商责任');
    await decideFromMail(h.plain, h.services, actionMail, 'submit', {
      fields: { action: '华信更换摩擦片配方并 100% 出厂检验；在途批次退回', dueDate: '2026-11-20', cost: '12,500' },
    });

    // "Action done" is asked at once, reminded after the due date (11-20) and escalated to the manager 5 days on.
    const doneAsk = await mailTo(h.catcher, QUALITY, ['措施完成确认']);
    expect(doneAsk.subject).toContain('2026-11-20');
    await h.env.sleep('9 days'); // 11-22
    await mailTo(h.catcher, QUALITY, ['【提醒】', '措施完成确认']);
    expect(mailsTo(h.catcher, MANAGER, ['措施完成确认'])).toHaveLength(0);
    await h.env.sleep('5 days'); // 11-27
    const escalated = await mailTo(h.catcher, MANAGER, ['措施完成确认']);
    expect(escalated.subject).toContain('【升级】');
    await decideFromMail(h.plain, h.services, escalated, 'acknowledge', {
      fields: { doneOn: '2026-11-25', notes: '新配方已切换' },
    });
    await expect
      .poll(async () => (await incident.query(incidentStatusQuery)).phase, { timeout: 20_000 })
      .toBe('verifying');

    // Verification: four weeks; the detector's checks after 12-09 (all days after the fix) stay quiet.
    await h.env.sleep('14 days'); // 12-11
    expect((await h.detect('2026-12-10')).routed).toEqual([{ key: 'DP-1230|F07', workflowId: ID, status: 'attached' }]);
    await h.env.sleep('7 days'); // 12-18
    await h.detect('2026-12-17');
    const verifying = await incident.query(incidentStatusQuery);
    expect(verifying.phase).toBe('verifying');
    expect(verifying.observations.latest).toMatchObject({ asOf: '2026-12-17', active: false, observed: 0 });
    expect(mailsTo(h.catcher, QUALITY, ['效果验证'])).toHaveLength(0);
    await h.env.sleep('8 days'); // 12-26: the four weeks from 11-27 are over
    const verify = await mailTo(h.catcher, QUALITY, ['效果验证']);
    expect(verify.text).toContain('预警检测 2 次，未再触发');
    await decideFromMail(h.plain, h.services, verify, 'approve');

    const outcome: IncidentOutcome = await incident.result();
    expect(outcome).toMatchObject({
      incidentId: ID,
      openedOn: '2026-11-12',
      rounds: 1,
      recurrences: 0,
      supplierResponsible: true,
      supplier: '浙江华信制动系统有限公司',
      costFen: 1_250_000,
      observations: 4,
    });
    expect(outcome.closedOn >= '2026-12-25').toBe(true);

    // The closing report: mailed to the same readers, archived next to the evidence.
    const closed = await mailTo(h.catcher, BUYER, ['【质量事件】', '已关闭']);
    const report = pdfOf(closed);
    for (const text of [
      '批量质量问题结案报告',
      ID,
      '供应商',
      '12,500.00',
      '摩擦片批次 B2611',
      '新配方已切换',
      '有效；验证期检测 2 次均未触发',
    ]) {
      expect(report).toContain(text);
    }
    const archived = await h.services.archive.list({ workflowId: ID });
    expect(archived.map((e) => [e.kind, e.period, e.fileName])).toEqual([
      ['incident-evidence', '2026-11', `预警证据 ${ID}.pdf`],
      ['incident-closing-report', outcome.closedOn.slice(0, 7), `结案报告 ${ID}.pdf`],
    ]);

    // The register: one row per event, the closing row with responsibility and cost; the key is free again.
    const rows = await registerRows();
    expect(rows[0]!.slice(0, 5)).toEqual(['记录号', '事件编号', '日期', '状态码', '状态']);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
      [`${ID}#opened`, '2026-11-12', 'opened'],
      [`${ID}#contained`, '2026-11-13', 'contained'],
      [`${ID}#root-cause`, '2026-11-13', 'root-cause'],
      [`${ID}#action-1`, '2026-11-13', 'action'],
      [`${ID}#implemented-1`, '2026-11-25', 'implemented'],
      [`${ID}#verified`, expect.any(String), 'verified'],
      [`${ID}#closed`, outcome.closedOn, 'closed'],
    ]);
    expect(rows.at(-1)!.slice(8, 11)).toEqual(['浙江华信制动系统有限公司', '是', '12500']);
    const open = join(h.services.config.dataDirAbs, 'store', 'incidents', 'open');
    expect(existsSync(open) ? readdirSync(open) : []).toEqual([]);
  });
});
