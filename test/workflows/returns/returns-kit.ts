// Shared set-up for the return-processing tests: small real workbooks (dealers, parts, returns register),
// the platform services with a real SMTP catcher, the web app over real HTTP, and link clicking from real mails.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { ParsedMail } from 'mailparser';
import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createReturnsActivities, createReturnStarter, type ReturnsSettings } from '../../../activities/returns';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import type { TableRef } from '../../../activities/sheets/types';
import { startWebServer, type RunningWebServer } from '../../../web/server';
import { createActivities, createPlatformServices, createWeb, type PlatformServices } from '../../../worker';
import { makeTestConfig } from '../../support/test-config';

export const MANAGER = { name: '王经理', email: 'manager@example.cn' };
export const TECH = { name: '陈工', email: 'technician@example.cn' };
export const KEEPER = { name: '周仓管', email: 'wh-old@example.cn' };
export const PURCHASING = { name: '配套部', email: 'purchasing@example.cn' };

export const DEALERS = [
  ['D001', '华东汽车服务站', '华东', 'dealer1@example.cn', '张三'],
  ['D002', '西南汽贸有限公司', '西南', 'dealer2@example.cn', '李四'],
];
export const PARTS = [
  ['BRK-1001', '制动盘', '制动系统', '件', 320, '浙江华信制动系统有限公司', 'JX1040'],
  ['ELC-2001', '发电机总成', '电气', '件', 1850.5, '宁波东昇汽车电器有限公司', 'JX1060'],
  ['FLT-3001', '机油滤清器', '滤清器', '个', 45, '天津津海滤清器有限公司', '通用'],
];

export type RegisterRow = [
  string,
  string,
  string,
  string,
  number | string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  number | null,
];
export const REGISTER_HEADER = [
  '退回单号',
  '日期',
  '经销商编号',
  '配件编号',
  '数量',
  '索赔单号',
  '退回原因',
  '收货日期',
  '鉴定结论',
  '状态',
  '索赔金额',
];

/** A short random tag so return numbers are unique on the run's shared dev server. */
export function tag(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

export async function writeWorkbook(path: string, sheet: string, header: string[], rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

export async function writeRegister(dir: string, rows: RegisterRow[]): Promise<void> {
  await writeWorkbook(join(dir, 'returns.xlsx'), '旧件退回', REGISTER_HEADER, rows);
}

export async function readSheet(path: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet);
  if (!ws) return [];
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

export interface ReturnsHarness {
  dir: string;
  services: PlatformServices;
  catcher: MailCatcher;
  settings: ReturnsSettings;
  web: RunningWebServer;
  close(): Promise<void>;
  activities(client: Client, taskQueue: string): Record<string, unknown>;
}

export function testSettings(dir: string, patch: Partial<ReturnsSettings> = {}): ReturnsSettings {
  const x = (path: string, sheet?: string): TableRef => ({ kind: 'excel', path, ...(sheet ? { sheet } : {}) });
  return {
    companyName: '售后服务部',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    sources: { register: x('returns.xlsx'), dealers: x('dealers.xlsx'), parts: x('parts.xlsx') },
    targets: {
      credits: x('退货抵扣.xlsx', '退货抵扣'),
      oldParts: x('旧件入库.xlsx', '旧件入库'),
      inspections: x('三包鉴定结果.xlsx', '三包鉴定'),
      recoveries: x('供应商索赔.xlsx', '供应商索赔'),
    },
    people: { manager: MANAGER, technician: TECH, warehouseOld: KEEPER, purchasing: PURCHASING },
    suppliers: [
      { code: 'HXZD', name: '浙江华信制动系统有限公司', email: 'claims@huaxin.example.cn', contact: '钱经理' },
    ],
    creditApprovalThresholdFen: 500_000,
    receiptReminderAfter: '3 days',
    maxReceiptReminders: 3,
    receiptPollInterval: '1 hour' as Duration,
    receiptDeadline: '30 days',
    dealerResponseDeadline: '14 days',
    approvals: { reminderAfter: '2 days', escalateAfter: '5 days', linkTtl: '14 days' },
    claimAgingLimitDays: 30,
    claimReminderAfter: '7 days',
    ...patch,
  };
}

export async function startHarness(opts: {
  settings?: Partial<ReturnsSettings>;
  register?: RegisterRow[];
  /** Supplier columns of the parts catalogue (供应商代码, 供应商联系人, 供应商邮箱) by part number. */
  partSuppliers?: Record<string, [code: string, contact: string, email: string]>;
  client: Client;
}): Promise<ReturnsHarness> {
  const catcher = await startMailCatcher({ port: 0 });
  const services = createPlatformServices(makeTestConfig({ smtpPort: catcher.port }));
  const dir = join(services.config.dataDirAbs, 'sheets');
  mkdirSync(dir, { recursive: true });
  await writeWorkbook(
    join(dir, 'dealers.xlsx'),
    '经销商',
    ['经销商编号', '经销商名称', '区域', '邮箱', '联系人'],
    DEALERS,
  );
  await writeWorkbook(
    join(dir, 'parts.xlsx'),
    '配件',
    ['配件编号', '配件名称', '类别', '单位', '单价', '供应商', '适用车型', '供应商代码', '供应商联系人', '供应商邮箱'],
    PARTS.map((p) => [...p, ...(opts.partSuppliers?.[String(p[0])] ?? ['', '', ''])]),
  );
  await writeRegister(dir, opts.register ?? []);
  const settings = testSettings(dir, opts.settings);
  const web = await startWebServer({ app: createWeb(services, opts.client), port: 0 });
  const backend = createExcelBackend({ root: dir });
  return {
    dir,
    services,
    catcher,
    settings,
    web,
    activities(client, taskQueue) {
      const platform = createActivities(services);
      return {
        ...platform,
        ...createReturnsActivities({
          settings,
          backendFor: () => backend,
          work: services.work,
          mail: platform.sendMail,
          stateDir: join(services.config.dataDirAbs, 'returns'),
          startReturn: createReturnStarter(client, { taskQueue }),
        }),
      };
    },
    async close() {
      await web.close();
      services.transport.close();
      await catcher.close();
    },
  };
}

const recipientsOf = (m: ParsedMail): string => JSON.stringify(m.to ?? '');

/** The first mail to `to` whose subject contains every part of `subject`. */
export function mailTo(catcher: MailCatcher, to: string, subject: string[], timeoutMs = 20_000): Promise<ParsedMail> {
  return catcher.waitFor(
    (m) => recipientsOf(m).includes(to) && subject.every((s) => (m.subject ?? '').includes(s)),
    timeoutMs,
  );
}

export function mailsTo(catcher: MailCatcher, to: string, subject: string[]): ParsedMail[] {
  return catcher
    .messages()
    .filter((m) => recipientsOf(m).includes(to) && subject.every((s) => (m.subject ?? '').includes(s)));
}

export function linkPath(mail: ParsedMail): string {
  const m = /https?:\/\/[^\s/]+(\/a\/[A-Za-z0-9._~-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no action link in mail "${mail.subject}"`);
  return m[1]!;
}

/**
 * Clicks a link as a person does: GET the page (its form token), then POST the button with the form
 * fields. Returns the final page's status and text.
 */
export async function clickLink(
  web: RunningWebServer,
  path: string,
  action: string,
  opts: { fields?: Record<string, string>; comment?: string } = {},
): Promise<{ status: number; text: string; page: string }> {
  const page = await fetch(`${web.url}${path}`);
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`page not usable: ${page.status} ${html.slice(0, 300)}`);
  const form = new URLSearchParams({ _csrf: csrf, action, ...(opts.comment ? { comment: opts.comment } : {}) });
  for (const [k, v] of Object.entries(opts.fields ?? {})) form.set(`field.${k}`, v);
  const res = await fetch(`${web.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: res.status, text: await res.text(), page: html };
}

/** Waits for the action mail to `to` about `subject`, then clicks it. */
export async function answer(
  h: ReturnsHarness,
  to: string,
  subject: string[],
  action: string,
  opts: { fields?: Record<string, string>; comment?: string } = {},
): Promise<{ status: number; text: string; page: string; mail: ParsedMail }> {
  const mail = await mailTo(h.catcher, to, subject);
  const res = await clickLink(h.web, linkPath(mail), action, opts);
  if (res.status !== 200)
    throw new Error(`click ${action} on "${mail.subject}" gave ${res.status}: ${res.text.slice(0, 400)}`);
  return { ...res, mail };
}
