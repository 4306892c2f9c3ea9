// Shared set-up for the early-warning tests: the quality workbooks the detector reads (written the way the staff's
// are: Chinese headers, synonyms for failure modes, a source that does not exist yet), the platform services with a
// real SMTP catcher, and deciding a step from the link in a real mail through the client.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { verifyActionToken } from '../../../lib/action-token';
import { decideUpdate, stepQuery, type DecisionRecord } from '../../../workflows/lib/decision';
import { earlyWarningWorkflow, type EarlyWarningResult } from '../../../workflows';
import { createActivities, createPlatformServices, type PlatformServices } from '../../../worker';
import { createTimeSkippingEnv, createTimeSkippingWorker, uniqueTaskQueue } from '../../support/temporal';
import { makeTestConfig } from '../../support/test-config';

export const EVENT_HEADER = [
  '日期',
  '来源',
  '产品型号',
  '配件编号',
  '配件名称',
  '故障模式',
  '供应商',
  '经销商编号',
  '区域',
  '车架号',
  '数量',
  '故障描述',
];
export type EventRow = [string, string, string, string, string, string, string, string, string, string, number, string];

export const HUAXIN = '浙江华信制动系统有限公司';

const addDays = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Quality events 2026-08-15 … 2026-11-12: DP-1230 制动盘 / 异响 about once a week (written 异响 or 制动异响), a busy
 * steady part BK-2001 / 漏油 every other day, and from 11-09 a batch of DP-1230 异响 from 华信, mostly in 华东,
 * VINs in one serial range. `extra` rows are appended (a later day's events).
 */
export function qualityRows(extra: EventRow[] = []): EventRow[] {
  const rows: EventRow[] = [];
  for (let d = 0, i = 0; addDays('2026-08-15', d) <= '2026-11-05'; d += 7, i++) {
    rows.push([
      addDays('2026-08-15', d),
      i % 2 ? '投诉' : '三包鉴定',
      'JK6480',
      'DP-1230',
      '制动盘',
      i % 3 ? '异响' : '制动异响',
      HUAXIN,
      'D0010',
      '华北',
      `LJ1K6480P25${String(300000 + i * 37)}`,
      1,
      '行驶中制动时有异响',
    ]);
  }
  for (let d = 0; addDays('2026-08-15', d) <= '2026-11-12'; d += 2) {
    rows.push([
      addDays('2026-08-15', d),
      '来电',
      'JK1040',
      'bk－2001',
      '油底壳',
      '渗油',
      '天津津海机械有限公司',
      'D0020',
      '西南',
      `LJ1K1040R26${String(500000 + d)}`,
      1,
      '油底壳渗油',
    ]);
  }
  const batch: [string, number][] = [
    ['2026-11-09', 2],
    ['2026-11-10', 3],
    ['2026-11-11', 3],
    ['2026-11-12', 3],
  ];
  let n = 0;
  for (const [date, count] of batch) {
    for (let i = 0; i < count; i++, n++) {
      rows.push([
        date,
        n % 2 ? '投诉' : '三包鉴定',
        'JK6480',
        'DP-1230',
        '制动盘',
        '刹车异响',
        HUAXIN,
        `D00${30 + (n % 4)}`,
        n < 9 ? '华东' : '华南',
        `LJ1K6480P26${String(100200 + n * 3).padStart(6, '0')}`,
        1,
        '新车制动异响，客户投诉',
      ]);
    }
  }
  return [...rows, ...extra];
}

/** Three more batch events on 11-13: the next morning's detector run sees them. */
export function nextDayRows(): EventRow[] {
  return [0, 1, 2].map((i): EventRow => [
    '2026-11-13',
    '投诉',
    'JK6480',
    'DP-1230',
    '制动盘',
    '异响',
    HUAXIN,
    'D0031',
    '华东',
    `LJ1K6480P26${String(100240 + i * 3)}`,
    1,
    '制动异响',
  ]);
}

async function writeBook(path: string, sheet: string, header: string[], rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  for (const r of rows)
    ws.addRow(r.map((v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)));
  await wb.xlsx.writeFile(path);
}

export async function writeQualityEvents(services: PlatformServices, rows: EventRow[]): Promise<void> {
  await writeBook(join(services.config.dataDirAbs, 'samples', '质量信息汇总.xlsx'), '质量信息', EVENT_HEADER, rows);
}

/** The catalogue, the volumes and the events at the paths config/example.yaml names (the 三包鉴定 journal is absent). */
export async function writeWorkbooks(services: PlatformServices, rows: EventRow[]): Promise<void> {
  const dir = join(services.config.dataDirAbs, 'samples');
  mkdirSync(dir, { recursive: true });
  await writeBook(
    join(dir, '故障模式目录.xlsx'),
    '故障模式',
    ['代码', '故障模式', '分类', '同义词'],
    [
      ['F07', '异响', '供应商', '制动异响；刹车异响'],
      ['F02', '漏油', '制造', '渗油'],
      ['F09', '黑屏', '设计', ''],
    ],
  );
  const volumes: unknown[][] = [];
  for (let y = 2023; y <= 2026; y++)
    for (let m = 1; m <= 12; m++)
      for (const model of ['JK6480', 'JK1040']) volumes.push([`${y}-${String(m).padStart(2, '0')}`, model, 500]);
  await writeBook(join(dir, '产量统计.xlsx'), 'Production', ['月份', '产品型号', '产量'], volumes);
  await writeQualityEvents(services, rows);
}

export interface IncidentHarness {
  env: TestWorkflowEnvironment;
  /** A plain client: waiting on it does not let the server skip time (only env.sleep does). */
  plain: Client;
  services: PlatformServices;
  catcher: MailCatcher;
  taskQueue: string;
  /** A detector run for `asOf`, or for the day before the run's start in Shanghai (as the schedule runs it). */
  detect(asOf?: string): Promise<EarlyWarningResult>;
  close(): Promise<void>;
}

/**
 * The time-skipping server at `startAt`, the workbooks, the platform services (config/example.yaml with `patch`)
 * and a worker with every production activity, whose Temporal client is the plain one.
 */
export async function startIncidentHarness(opts: {
  startAt: string;
  patch?: Record<string, unknown>;
}): Promise<IncidentHarness> {
  const env = await createTimeSkippingEnv({ startAt: opts.startAt });
  const plain = new Client({ connection: env.connection });
  const taskQueue = uniqueTaskQueue('incident');
  const catcher = await startMailCatcher({ port: 0 });
  const services = createPlatformServices(
    makeTestConfig({
      smtpPort: catcher.port,
      patch: { temporal: { address: 'embedded', taskQueue }, ...opts.patch },
    }),
  );
  await writeWorkbooks(services, qualityRows());
  const activities = createActivities(services, { client: plain });
  const { worker } = await createTimeSkippingWorker(env, { taskQueue, activities });
  const running = worker.run();
  return {
    env,
    plain,
    services,
    catcher,
    taskQueue,
    detect: (asOf) =>
      plain.workflow.execute(earlyWarningWorkflow, {
        taskQueue,
        workflowId: `early-warning-${asOf ?? 'today'}-${Math.random().toString(36).slice(2, 8)}`,
        args: [{ ...(asOf ? { asOf } : {}), timeZone: 'Asia/Shanghai' }],
      }),
    async close() {
      worker.shutdown();
      await running;
      services.transport.close();
      await catcher.close();
      await env.teardown();
    },
  };
}

export { mailTo, mailsTo } from '../returns/returns-kit';

/**
 * Decides a step the way the link in `mail` would (same token, same Update and validator) but through a plain
 * client: an HTTP click would race the time-skipping server. Resends when the server drops the Update under load.
 */
export async function decideFromMail(
  client: Client,
  services: PlatformServices,
  mail: ParsedMail,
  action: string,
  opts: { fields?: Record<string, string>; comment?: string } = {},
): Promise<DecisionRecord> {
  const token = /https?:\/\/[^\s/]+\/a\/([A-Za-z0-9._~-]+)/.exec(mail.text ?? '')?.[1];
  if (!token) throw new Error(`no action link in mail "${mail.subject}"`);
  const v = verifyActionToken(token, { keys: services.config.secrets.linkKeys }, 0);
  if (!v.ok) throw new Error(`link in "${mail.subject}" does not verify: ${v.reason}`);
  const c = v.claims;
  const handle = client.workflow.getHandle(c.workflowId);
  const input = {
    stepId: c.stepId,
    action,
    jti: c.jti,
    recipient: c.recipient,
    ...opts,
    meta: { via: 'web' as const },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(decideUpdate, { args: [input] });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= 10) throw err;
      const step = await handle.query(stepQuery, c.stepId);
      if (step?.decision?.jti === c.jti) return step.decision;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
