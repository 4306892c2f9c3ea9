// Shared set-up of the stocktake workflow tests: real platform services (archive, work store, audit log,
// SMTP catcher), generated sample workbooks, the real web server for action links, and the things a counter
// does by hand (fill the count sheet in Excel, press the link) done the same way through exceljs and HTTP.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createExcelBackend, type ExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../activities/sheets/read-table';
import { generateSamples, type GeneratedSamples } from '../../../activities/sheets/samples';
import { createStocktakeActivities } from '../../../activities/stocktake';
import type { CountSheetInfo } from '../../../activities/stocktake/types';
import type { TableBackend } from '../../../activities/sheets/types';
import { schemas } from '../../../domain/sheets';
import { startWebServer, type RunningWebServer } from '../../../web/server';
import { createActivities, createPlatformServices, createWeb, type PlatformServices } from '../../../worker';
import { decideUpdate } from '../../../workflows/lib/decision';
import { stocktakeStatusQuery, type StocktakeInput, type StocktakeStatus } from '../../../workflows/stocktake';
import { freePort } from '../../../scripts/lib/dev-server';
import { connectClient } from '../../support/temporal';
import { makeTestConfig } from '../../support/test-config';
import { parsePeriod } from '../../../domain/calendar';
import { stocktakeInputFromConfig } from '../../../config/start-inputs/stocktake-input';

/**
 * A fixed, closed month: its sample movements after the cut-off (October) are in the past on any date the suite
 * runs, so what the count reconciles never depends on the day of the run.
 */
export const PERIOD = parsePeriod('2026-09');

export const OLD = { id: 'old-parts', name: '旧件库' };
export const COUNTERS = [
  { name: '周仓管', email: 'wh-old@example.cn' },
  { name: '陈工', email: 'technician@example.cn' },
];
export const MANAGER = { name: '王经理', email: 'manager@example.cn' };
export const DIRECTOR = { name: '吴总监', email: 'director@example.cn' };
export const FINANCE = { name: '赵会计', email: 'finance@example.cn' };

export interface LedgerFacts {
  bookQty: number;
  cardQty: number;
  unitCostFen: number;
  zone: string;
  /** Net movements dated after the cut-off (already in the physical stock). */
  moved: number;
}

export interface StocktakeEnv {
  catcher: MailCatcher;
  services: PlatformServices;
  web: RunningWebServer;
  client: Client;
  root: string;
  excel: ExcelBackend;
  samples: GeneratedSamples;
  /** Old-parts ledger facts by `${location}|${partNo}`. */
  ledger: Map<string, LedgerFacts>;
  activities: ReturnType<typeof createActivities> & ReturnType<typeof createStocktakeActivities>;
  close(): Promise<void>;
}

export async function startStocktakeEnv(opts: { google?: TableBackend } = {}): Promise<StocktakeEnv> {
  const catcher = await startMailCatcher({ port: 0 });
  const port = await freePort();
  const services = createPlatformServices(
    makeTestConfig({ smtpPort: catcher.port, publicBaseUrl: `http://127.0.0.1:${port}` }),
  );
  const root = services.config.dataDirAbs;
  const samples = await generateSamples({ dir: join(root, 'samples'), seed: 11, period: PERIOD });
  const excel = createExcelBackend({ root });
  const platform = createActivities(services);
  const activities = {
    ...platform,
    ...createStocktakeActivities({
      excel,
      ...(opts.google
        ? { google: opts.google, googleSheetUrl: (id: string) => `https://sheets.example.test/${id}` }
        : {}),
      work: services.work,
      archive: services.archive,
      audit: services.audit,
      mail: platform.sendMail,
      timeZone: services.config.timezone,
      senderName: services.config.company.name,
    }),
  };
  const client = await connectClient();
  const web = await startWebServer({ app: createWeb(services, client), port });
  const ledger = await ledgerFacts(excel, samples);
  return {
    catcher,
    services,
    web,
    client,
    root,
    excel,
    samples,
    ledger,
    activities,
    async close() {
      await web.close();
      await client.connection.close();
      services.transport.close();
      await catcher.close();
    },
  };
}

const rel = (env: { root: string }, abs: string) => abs.slice(env.root.length + 1);

async function ledgerFacts(excel: ExcelBackend, samples: GeneratedSamples): Promise<Map<string, LedgerFacts>> {
  const cutoff = DateTime.fromFormat(PERIOD, 'yyyy-MM').endOf('month').toISODate()!;
  const l = await readTable(excel, { kind: 'excel', path: samples.files.stockLedger }, schemas.stockLedger, {
    policy: 'stop-on-error',
  });
  const m = await readTable(excel, { kind: 'excel', path: samples.files.stockMovements }, schemas.stockMovements, {
    policy: 'stop-on-error',
  });
  const out = new Map<string, LedgerFacts>();
  for (const r of l.rows) {
    if (r.warehouse !== 'old-parts') continue;
    out.set(`${r.location}|${r.partNo}`, {
      bookQty: r.bookQty,
      cardQty: r.cardQty ?? r.bookQty,
      unitCostFen: r.unitCost,
      zone: r.zone ?? '',
      moved: 0,
    });
  }
  for (const r of m.rows) {
    const f = out.get(`${r.location}|${r.partNo}`);
    if (f && r.warehouse === 'old-parts' && r.date > cutoff) f.moved += r.qty;
  }
  return out;
}

/** The old-parts monthly stocktake from the test config, pointed at the generated samples, with fast timings. */
export function oldPartsInput(env: StocktakeEnv, over: Partial<StocktakeInput> = {}): StocktakeInput {
  const base = stocktakeInputFromConfig(env.services.config, { period: PERIOD, warehouseId: 'old-parts' });
  return {
    ...base,
    finance: [FINANCE],
    ledger: { ref: { kind: 'excel', path: rel(env, env.samples.files.stockLedger) } },
    movements: { ref: { kind: 'excel', path: rel(env, env.samples.files.stockMovements) } },
    countDeadline: '1 hour',
    recount: { maxRounds: 1, differentCounter: true },
    // Small slips pass: 2 units, 50 %, ¥500 per line.
    tolerances: { default: { absQty: 2, percent: 50, valueFen: 50_000 } },
    approvalTiers: [
      { approver: MANAGER, maxValueFen: 500_000 },
      { approver: DIRECTOR, maxValueFen: null },
    ],
    submission: 'both',
    statusPollInterval: '1 second',
    timeouts: { mailAttempt: '30 seconds', postingRetryInitial: '1 second', postingRetryMax: '2 seconds' },
    ...over,
  };
}

export async function waitForStatus(
  handle: WorkflowHandle,
  pred: (s: StocktakeStatus) => boolean,
  timeoutMs = 60_000,
): Promise<StocktakeStatus> {
  const until = Date.now() + timeoutMs;
  let last: StocktakeStatus | undefined;
  for (;;) {
    last = await handle.query(stocktakeStatusQuery).catch(() => last);
    if (last && pred(last)) return last;
    if (Date.now() > until) throw new Error(`stocktake status not reached: ${JSON.stringify(last)?.slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export interface SheetRow {
  row: number;
  lineNo: number | null;
  location: string;
  partNo: string;
  zone: string;
}

export type CountFill = (r: SheetRow) => number | string | null | undefined;

/**
 * Does what a counter does in Excel: types counts (undefined = leave the cell), their name and time, optionally
 * touches other cells, and sets the status cell to 已提交.
 */
export async function fillCountSheet(
  abs: string,
  fill: CountFill,
  opts: {
    counter?: string;
    submit?: boolean;
    edit?: (ws: ExcelJS.Worksheet, col: Record<string, number>) => void;
  } = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(abs);
  const ws = wb.getWorksheet('盘点表')!;
  const col: Record<string, number> = {};
  ws.getRow(2).eachCell((c, n) => (col[String(c.value)] = n));
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const lineNo = row.getCell(col['序号']!).value;
    if (lineNo === null || lineNo === undefined) return;
    const r: SheetRow = {
      row: n,
      lineNo: Number(lineNo),
      location: String(row.getCell(col['库位']!).value),
      partNo: String(row.getCell(col['配件编号']!).value),
      zone: String(row.getCell(col['库区']!).value),
    };
    const v = fill(r);
    if (v === undefined) return;
    row.getCell(col['实盘数量']!).value = v;
    if (opts.counter) row.getCell(col['盘点人']!).value = opts.counter;
  });
  opts.edit?.(ws, col);
  if (opts.submit) wb.getWorksheet('提交状态')!.getCell('A3').value = '已提交';
  await wb.xlsx.writeFile(abs);
}

export function sheetPath(env: StocktakeEnv, s: CountSheetInfo): string {
  if (s.location.kind !== 'excel') throw new Error('not an Excel sheet');
  const abs = env.excel.resolvePath({ kind: 'excel', path: s.location.path });
  if (!existsSync(abs)) throw new Error(`count sheet missing: ${abs}`);
  return abs;
}

/** Physical stock as a careful counter finds it: the book at the cut-off plus what moved since. */
export function truth(env: StocktakeEnv, r: SheetRow): number {
  const f = env.ledger.get(`${r.location}|${r.partNo}`);
  if (!f) throw new Error(`no ledger line ${r.location}|${r.partNo}`);
  return f.bookQty + f.moved;
}

export function mailsTo(env: StocktakeEnv, email: string, subject?: RegExp): ParsedMail[] {
  return env.catcher
    .messages()
    .filter((m) => JSON.stringify(m.to ?? '').includes(email) && (!subject || subject.test(m.subject ?? '')));
}

/** Waits for the first mail to `email` whose subject matches (the workflow's status can run ahead of SMTP). */
export function mailTo(env: StocktakeEnv, email: string, subject: RegExp): Promise<ParsedMail> {
  return env.catcher.waitFor(
    (m) => JSON.stringify(m.to ?? '').includes(email) && subject.test(m.subject ?? ''),
    30_000,
  );
}

export function actionLink(mail: ParsedMail): string {
  const m = /(https?:\/\/[^\s]+\/a\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no action link in mail "${mail.subject}"`);
  return m[1]!;
}

/** Decides through the workflow's real Update with the grant carried by a mailed link (as the CLI would). */
export async function decideWithLink(client: Client, link: string, action: string, comment?: string): Promise<void> {
  const token = link.slice(link.lastIndexOf('/a/') + 3);
  const claims = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as {
    w: string;
    s: string;
    r: string;
    j: string;
  };
  await client.workflow.getHandle(claims.w).executeUpdate(decideUpdate, {
    args: [
      {
        stepId: claims.s,
        action,
        jti: claims.j,
        recipient: claims.r,
        ...(comment ? { comment } : {}),
        meta: { via: 'cli' },
      },
    ],
  });
}

/** Opens the mailed link like a browser (GET page, CSRF cookie + field) and presses a button (POST). */
export async function clickLink(
  link: string,
  action: string,
  comment?: string,
): Promise<{ status: number; text: string }> {
  const page = await fetch(link, { redirect: 'manual' });
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`link page not usable: ${page.status} ${html.slice(0, 300)}`);
  const res = await fetch(link, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, action, ...(comment ? { comment } : {}) }).toString(),
  });
  return { status: res.status, text: await res.text() };
}

/** Every payload in a workflow history decoded as text, to check what history carries. */
export function historyText(history: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) out.push(Buffer.from(v).toString('utf8'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(history);
  return out.join('\n');
}
