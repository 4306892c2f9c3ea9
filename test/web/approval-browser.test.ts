// End to end in a real browser: workflow → approvals activity → real SMTP → link from the parsed mail →
// headless Chromium on a phone-sized viewport → approve → the workflow completes with the decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import { chromium, type Browser } from 'playwright-core';
import { createApprovalActivities } from '../../activities/approvals';
import { ArchiveStore } from '../../activities/archive/archive-store';
import { AuditLog } from '../../activities/archive/audit-log';
import { createMailTransport } from '../../activities/mail/create-transport';
import { startMailCatcher, type MailCatcher } from '../../activities/mail/mail-catcher';
import { createMailActivities } from '../../activities/mail/send-mail';
import { createFileSentLog } from '../../activities/mail/sent-log';
import { AppError } from '../../domain/errors';
import { createWebApp } from '../../web/app';
import { startWebServer, type RunningWebServer } from '../../web/server';
import { connectClient } from '../support/temporal';
import { CSRF_SECRET, TEST_KEYS, createFixtureWorker, terminateQuietly } from '../workflows/lib/decision-test-kit';
import { decisionFixtureWorkflow } from '../workflows/lib/fixtures';
import { tinyPdf } from './tiny-pdf';

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const MANAGER = 'manager@example.com';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let client: Client;
let worker: Worker;
let running: Promise<void>;
let closeWorker: () => Promise<void>;
let taskQueue: string;
let server: RunningWebServer;
let catcher: MailCatcher;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let transport: Transporter<any, any>;
let browser: Browser;
let dir: string;
let audit: AuditLog;
let docId: string;
const started: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'approval-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  client = await connectClient();
  const store = new ArchiveStore({ root: dir });
  audit = new AuditLog({ root: dir });
  docId = (
    await store.putDocument(tinyPdf('Stocktake variance draft 2026-11'), {
      workflowId: 'stocktake-2026-11-new',
      runId: 'r1',
      period: '2026-11',
      kind: 'stocktake-draft',
      fileName: '2026-11 新件库盘点差异报告（草稿）.pdf',
      contentType: 'application/pdf',
      recipients: [MANAGER],
    })
  ).docId;
  const app = createWebApp({ temporal: client, tokens: TEST_KEYS, csrfSecret: CSRF_SECRET, documents: store, audit });
  server = await startWebServer({ app, port: 0 });

  catcher = await startMailCatcher();
  transport = createMailTransport({ host: catcher.host, port: catcher.port, secure: false });
  const mail = createMailActivities({
    transport,
    from: '售后服务部 <aftersales@example.com>',
    sentLog: createFileSentLog(join(dir, 'sent')),
    documents: {
      async getDocument(id) {
        const doc = await store.getDocument(id);
        if (!doc) throw new AppError('DocumentNotFound', `no document ${id}`);
        return {
          bytes: doc.bytes,
          fileName: doc.entry.fileName,
          contentType: doc.entry.contentType ?? 'application/pdf',
        };
      },
    },
  });
  const approvals = createApprovalActivities({ signer: TEST_KEYS, publicBaseUrl: server.url, mail: mail.sendMail });
  const w = await createFixtureWorker({ activities: approvals });
  ({ worker, taskQueue } = w);
  closeWorker = w.close;
  running = worker.run();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  for (const id of started) await terminateQuietly(client, id);
  await browser?.close();
  await server?.close();
  worker?.shutdown();
  await running;
  await closeWorker?.();
  transport?.close();
  await catcher?.close();
  await client?.connection.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('approval in a real browser from a real email', () => {
  it('opens the mailed link on a phone, sees the summary, approves, and the workflow goes on', async () => {
    const workflowId = `stocktake-approval-${randomUUID()}`;
    started.push(workflowId);
    const handle = await client.workflow.start(decisionFixtureWorkflow, {
      workflowId,
      taskQueue,
      args: [
        {
          mail: true,
          names: { [MANAGER]: '王经理' },
          steps: [
            {
              spec: {
                stepId: 'manager-approval',
                kind: 'approval',
                title: '2026-11 新件库盘点差异审批',
                summary: ['盘点行数 1,204，其中超差行 3（已复盘 1 轮）', '调整后账面金额 ¥2,345,678.00'],
                figures: [
                  { label: '差异金额', value: '-¥1,234.50' },
                  { label: '超差行', value: '3' },
                ],
                docIds: [docId],
                docLabels: { [docId]: '2026-11 新件库盘点差异报告（草稿）.pdf' },
                recipients: [MANAGER],
              },
              wait: {
                reminders: ['2 days'],
                deadline: '7 days',
                onTimeout: 'escalate-and-keep-waiting',
                escalateTo: ['director@example.com'],
              },
            },
          ],
        },
      ],
    });

    const mail = await catcher.waitFor((m) => m.subject === '【待处理】2026-11 新件库盘点差异审批', 30_000);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['2026-11 新件库盘点差异报告（草稿）.pdf']);
    const link = new RegExp(`${server.url.replace(/[.:/]/g, '\\$&')}/a/[A-Za-z0-9_.-]+`).exec(mail.text ?? '')?.[0];
    expect(link, mail.text).toBeTruthy();

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(link!);
    await expect.poll(() => page.locator('h1').textContent()).toBe('2026-11 新件库盘点差异审批');
    const body = await page.locator('main').innerText();
    expect(body).toContain('盘点行数 1,204，其中超差行 3');
    expect(body).toContain('-¥1,234.50');
    expect(body).toContain(MANAGER);
    // Phone layout: nothing wider than the screen, buttons big enough to tap.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const approve = page.getByRole('button', { name: '批准' });
    const box = await approve.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    // The preview link serves the archived PDF.
    const href = await page.getByRole('link', { name: /盘点差异报告/ }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, server.url).toString());
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: join(ARTIFACTS, 'approval-page.png'), fullPage: true });

    // Opening the page (twice, as a scanner would) decided nothing.
    await page.reload();
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await page.getByLabel('意见 / 备注').fill('同意，按差异表过账。');
    await approve.tap();
    await expect.poll(() => page.locator('h1').textContent()).toBe('已记录');
    expect(await page.locator('main').innerText()).toContain(MANAGER);
    await page.screenshot({ path: join(ARTIFACTS, 'approval-result.png'), fullPage: true });

    const result = await handle.result();
    expect(result.outcomes['manager-approval']).toMatchObject({
      timedOut: false,
      decision: { action: 'approve', decidedBy: MANAGER, comment: '同意，按差异表过账。', meta: { via: 'web' } },
    });
    const entries = await audit.list({ action: 'approval.decision', target: `${workflowId}/manager-approval` });
    expect(entries).toHaveLength(1);

    // Back button + second tap: "already decided by … at …".
    await page.goBack();
    await page.reload();
    expect(await page.locator('main').innerText()).toMatch(/已由 manager@example\.com 于 .+ 处理/);
    await context.close();
  });
});
