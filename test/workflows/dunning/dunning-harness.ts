/**
 * Everything a dunning workflow test needs, real parts only: an SMTP catcher, the platform services on a temp data
 * dir, the Excel backend over the test's workbooks, the dunning activities composed with the platform ones, the web
 * app (action links) on a real port when a test clicks, and helpers to pull links out of caught mails and click them.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { ParsedMail } from 'mailparser';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createDunningActivities, createDunningServices, type DunningActivities } from '../../../activities/dunning';
import type { DunningSettings } from '../../../activities/dunning/types';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { dataPath } from '../../../config/load-config';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import {
  createActivities,
  createPlatformServices,
  createWeb,
  type AllActivities,
  type PlatformServices,
} from '../../../worker';
import { startWebServer, type RunningWebServer } from '../../../web/server';
import type { DunningSettingsInput } from '../../../workflows/dunning-month';
import { makeTestConfig } from '../../support/test-config';
import type { DealerBooks } from './dunning-data';
import { parsePeriod } from '../../../domain/calendar';

export const PEOPLE = {
  finance: { name: '赵会计', email: 'finance@example.cn' },
  manager: { name: '王经理', email: 'manager@example.cn' },
  customerSupervisor: { name: '李主管', email: 'supervisor@example.cn' },
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface DunningHarness {
  catcher: MailCatcher;
  services: PlatformServices;
  dir: string;
  activities: AllActivities & DunningActivities;
  dunning: ReturnType<typeof createDunningServices>;
  webUrl: string;
  /** Serves the action links for `client`'s server; `now` is that server's clock when the test set it. */
  startWeb(client: Client, now?: () => number): Promise<RunningWebServer>;
  settings(books: DealerBooks, over?: Partial<DunningSettingsInput>): DunningSettingsInput;
  close(): Promise<void>;
}

export async function startDunningHarness(): Promise<DunningHarness> {
  const catcher = await startMailCatcher({ port: 0 });
  const webPort = await freePort();
  const webUrl = `http://127.0.0.1:${webPort}`;
  const cfg = makeTestConfig({
    smtpPort: catcher.port,
    publicBaseUrl: webUrl,
    patch: { secrets: { linkKeys: ['dunning-test-link-key-0123456789abcdef0123'] } },
  });
  const services = createPlatformServices(cfg);
  const root = dataPath(cfg, cfg.archive.dir);
  const dir = join(cfg.dataDirAbs, 'sheets');
  mkdirSync(dir, { recursive: true });
  const excel = createExcelBackend({ keepBackups: 3 });
  const dunning = createDunningServices({ root, resolveExcelPath: (ref) => excel.resolvePath(ref) });
  const platform = createActivities(services);
  const activities = {
    ...platform,
    ...createDunningActivities({
      ...dunning,
      work: services.work,
      archive: services.archive,
      backendFor: () => excel,
      mail: platform.sendMail,
      render: platform.renderDocument,
      signer: { keys: cfg.secrets.linkKeys },
      publicBaseUrl: cfg.web.publicBaseUrl,
      timeZone: cfg.timezone,
      senderName: cfg.company.name,
    }),
  };
  const webs: RunningWebServer[] = [];
  return {
    catcher,
    services,
    dir,
    activities: activities as unknown as DunningHarness['activities'],
    dunning,
    webUrl,
    async startWeb(client, now) {
      // One web server per client (each test's worker has its own connection): replace the previous one.
      for (const w of webs.splice(0)) await w.close();
      const web = await startWebServer({ app: createWeb(services, client, now ? { now } : {}), port: webPort });
      webs.push(web);
      return web;
    },
    settings(books, over = {}) {
      const base: DunningSettingsInput = {
        period: parsePeriod('2026-10'),
        procedure: exampleProcedure(),
        sources: {
          dealers: { kind: 'excel', path: books.dealersPath },
          transactions: { kind: 'excel', path: books.transactionsPath },
        },
        people: PEOPLE,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        defaultPaymentTermsDays: 30,
        followUpDays: 0,
        recheckDays: 7,
        approvals: { reminders: ['2 days'], linkTtl: '14 days' },
        statementLinkTtl: '30 days',
        companyName: '售后服务部',
      };
      return { ...base, ...over } satisfies Omit<DunningSettings, 'asOf'>;
    },
    async close() {
      for (const w of webs) await w.close();
      services.transport.close();
      await catcher.close();
    },
  };
}

/** Mails to one address, in arrival order. */
export function mailsTo(catcher: MailCatcher, address: string): ParsedMail[] {
  return catcher.messages().filter((m) =>
    JSON.stringify(m.to ?? '')
      .toLowerCase()
      .includes(address.toLowerCase()),
  );
}

/** The action link (`/a/<token>`) in a caught mail. */
export function linkIn(mail: ParsedMail): string {
  const m = /(https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_.-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no action link in mail "${mail.subject}"`);
  return m[1]!;
}

/** Opens a link like a browser (its form token), then presses one button. Returns the result page. */
export async function click(url: string, action: string, comment = ''): Promise<{ status: number; text: string }> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`page not usable: ${page.status} ${html.slice(0, 300)}`);
  const res = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action, _csrf: csrf, comment }).toString(),
  });
  return { status: res.status, text: await res.text() };
}

export async function waitUntil<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
