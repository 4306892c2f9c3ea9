// The whole path a manager's link takes, for the browser and token tests: the run's Temporal dev server, the
// decision fixture workflows on a real worker, the real approvals activity signing links and mailing them over
// real SMTP to a local catcher, the web app over real HTTP, a real archive (one PDF, one count sheet) and audit log.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { createApprovalActivities } from '../../activities/approvals';
import { ArchiveStore } from '../../activities/archive/archive-store';
import { AuditLog } from '../../activities/archive/audit-log';
import type { ArchiveRef } from '../../activities/archive/types';
import { createMailTransport } from '../../activities/mail/create-transport';
import { createMailActivities } from '../../activities/mail/send-mail';
import { createFileSentLog } from '../../activities/mail/sent-log';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { createWebApp } from '../../web/app';
import { startWebServer, type RunningWebServer } from '../../web/server';
import type { StepSpec } from '../../workflows/lib/decision-types';
import { archiveMailDocuments } from '../support/archive-mail-documents';
import { launchChromium } from '../support/chromium';
import { connectClient } from '../support/temporal';
import { CSRF_SECRET, TEST_KEYS, createFixtureWorker, terminateQuietly } from '../workflows/lib/decision-test-kit';
import { decisionFixtureWorkflow, type DecisionFixtureInput } from '../workflows/lib/fixtures';
import { tinyPdf } from './tiny-pdf';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
export const MANAGER = 'manager@example.com';

export interface MailedLinks {
  client: Client;
  server: RunningWebServer;
  catcher: MailCatcher;
  audit: AuditLog;
  store: ArchiveStore;
  /** A PDF draft and an .xlsx count sheet in the archive, both for MANAGER. */
  pdf: ArchiveRef;
  xlsx: ArchiveRef;
  /** Starts the fixture workflow with mailing on; the id is terminated on close. */
  start(input: DecisionFixtureInput): Promise<WorkflowHandle<typeof decisionFixtureWorkflow>>;
  /** Waits for the mail with this subject and returns it with the action link it carries. */
  linkFromMail(subject: string): Promise<{ mail: ParsedMail; link: string; token: string }>;
  /** Headless Chromium, launched on first use. */
  browser(): Promise<Browser>;
  approvalSpec(title: string, stepId?: string): StepSpec;
  close(): Promise<void>;
}

export async function startMailedLinks(): Promise<MailedLinks> {
  const dir = mkdtempSync(join(tmpdir(), 'mailed-links-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const client = await connectClient();
  const store = new ArchiveStore({ root: dir });
  const audit = new AuditLog({ root: dir });
  const meta = { workflowId: 'stocktake-2026-11-new', runId: 'r1', period: '2026-11', recipients: [MANAGER] };
  const pdf = await store.putDocument(tinyPdf('Stocktake variance draft 2026-11'), {
    ...meta,
    kind: 'stocktake-draft',
    fileName: '2026-11 新件库盘点差异报告（草稿）.pdf',
    contentType: 'application/pdf',
  });
  const xlsx = await store.putDocument(Buffer.from('PK\u0003\u0004 count sheet stand-in'), {
    ...meta,
    kind: 'stocktake-count-sheet',
    fileName: '盘点表 2026-11 新件库 第1轮 A区 孙仓管.xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  const app = createWebApp({ temporal: client, tokens: TEST_KEYS, csrfSecret: CSRF_SECRET, documents: store, audit });
  const server = await startWebServer({ app, port: 0 });
  const catcher = await startMailCatcher();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pooled or plain SMTP
  const transport: Transporter<any, any> = createMailTransport({
    host: catcher.host,
    port: catcher.port,
    secure: false,
  });
  const mail = createMailActivities({
    transport,
    from: '售后服务部 <aftersales@example.com>',
    sentLog: createFileSentLog(join(dir, 'sent')),
    documents: archiveMailDocuments(store),
  });
  const approvals = createApprovalActivities({ signer: TEST_KEYS, publicBaseUrl: server.url, mail: mail.sendMail });
  const fixture = await createFixtureWorker({ activities: approvals });
  const worker: Worker = fixture.worker;
  const running = worker.run();
  const started: string[] = [];
  let browser: Promise<Browser> | undefined;
  const linkPattern = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/a/([A-Za-z0-9_.-]+)`);

  return {
    client,
    server,
    catcher,
    audit,
    store,
    pdf,
    xlsx,
    async start(input) {
      const workflowId = `mailed-links-${randomUUID()}`;
      started.push(workflowId);
      return client.workflow.start(decisionFixtureWorkflow, {
        workflowId,
        taskQueue: fixture.taskQueue,
        args: [{ mail: true, ...input }],
      });
    },
    async linkFromMail(subject) {
      const found = await catcher.waitFor((m) => m.subject === subject, 30_000);
      const match = linkPattern.exec(found.text ?? '');
      if (!match) throw new Error(`no action link in the mail "${subject}":\n${found.text}`);
      return { mail: found, link: match[0], token: match[1]! };
    },
    browser() {
      browser ??= launchChromium();
      return browser;
    },
    approvalSpec: (title, stepId = 'manager-approval') => ({
      stepId,
      kind: 'approval',
      title,
      summary: ['盘点行数 1,204，其中超差行 3（已复盘 1 轮）'],
      figures: [{ label: '差异金额', value: '-¥1,234.50' }],
      docIds: [pdf.docId],
      docLabels: { [pdf.docId]: pdf.fileName },
      recipients: [MANAGER],
    }),
    async close() {
      for (const id of started) await terminateQuietly(client, id);
      await (await browser?.catch(() => undefined))?.close();
      await server.close();
      worker.shutdown();
      await running;
      await fixture.close();
      transport.close();
      await catcher.close();
      await client.connection.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
