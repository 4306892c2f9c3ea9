// A running web app over real HTTP for the action-link tests: the run's Temporal dev server, a worker for the
// decision fixtures, a real archive with two PDFs and a real audit log in a temp folder.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { expect } from 'vitest';
import { ArchiveStore } from '../../activities/archive/archive-store';
import { AuditLog } from '../../activities/archive/audit-log';
import type { ArchiveRef } from '../../activities/archive/types';
import { createWebApp } from '../../web/app';
import { hashPassword } from '../../web/portal/password-hash';
import { startWebServer, type RunningWebServer } from '../../web/server';
import { actionsOf, type Grant, type StepSpec } from '../../workflows/lib/decision';
import { connectClient } from '../support/temporal';
import {
  CSRF_SECRET,
  TEST_KEYS,
  createFixtureWorker,
  linkTokenFor,
  terminateQuietly,
  waitForNotices,
} from '../workflows/lib/decision-test-kit';
import { decisionFixtureWorkflow, type DecisionFixtureInput } from '../workflows/lib/fixtures';
import { tinyPdf } from './tiny-pdf';

export const MANAGER = 'manager@example.com';

export interface Reply {
  status: number;
  text: string;
  headers: Headers;
  cookie?: string;
}

export interface HttpOptions {
  method?: string;
  cookie?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface WebHarness {
  client: Client;
  server: RunningWebServer;
  audit: AuditLog;
  store: ArchiveStore;
  /** A PDF the approval step may preview, and one it may not. */
  draft: ArchiveRef;
  unrelated: ArchiveRef;
  approvalSpec(stepId?: string): StepSpec;
  startWorkflow(input: DecisionFixtureInput): Promise<WorkflowHandle<typeof decisionFixtureWorkflow>>;
  /** Starts a one-step workflow and signs the link its grant stands for (as the approvals activity would). */
  startStep(
    spec: StepSpec,
  ): Promise<{ handle: WorkflowHandle<typeof decisionFixtureWorkflow>; grant: Grant; token: string }>;
  http(path: string, opts?: HttpOptions): Promise<Reply>;
  /** Opens the page like a browser: returns the hidden form field (the form token bound to this link). */
  openPage(token: string): Promise<{ page: Reply; csrf: string }>;
  close(): Promise<void>;
}

export interface WebHarnessOptions {
  /** A portal account `auditor` with this password (cheap scrypt parameters). */
  auditorPassword?: string;
  maxUploadBytes?: number;
  /** Faults the app reports (default: ignored). */
  onError?: (err: unknown, where: string) => void;
}

export async function startWebHarness(opts: WebHarnessOptions = {}): Promise<WebHarness> {
  const client = await connectClient();
  const { worker, taskQueue, close: closeWorker } = await createFixtureWorker();
  const running = worker.run();
  const dataDir = mkdtempSync(join(tmpdir(), 'action-links-'));
  const store = new ArchiveStore({ root: dataDir });
  const audit = new AuditLog({ root: dataDir });
  const meta = {
    workflowId: 'stocktake-2026-11',
    runId: 'r1',
    period: '2026-11',
    kind: 'stocktake-draft' as const,
    recipients: [MANAGER],
  };
  const draft = await store.putDocument(tinyPdf('Variance draft 2026-11'), {
    ...meta,
    fileName: '盘点差异报告（草稿）.pdf',
    contentType: 'application/pdf',
  });
  const unrelated = await store.putDocument(tinyPdf('Someone else'), {
    ...meta,
    kind: 'statement',
    fileName: 'other.pdf',
  });
  const accounts = opts.auditorPassword
    ? [{ username: 'auditor', passwordHash: await hashPassword(opts.auditorPassword, { N: 2 ** 14, r: 8, p: 1 }) }]
    : [];
  const portal = {
    store,
    audit,
    accounts,
    sessionSecret: 'portal-session-secret-0123456789abcdef',
    ...(opts.maxUploadBytes ? { maxUploadBytes: opts.maxUploadBytes } : {}),
  };
  const app = createWebApp({
    temporal: client,
    tokens: TEST_KEYS,
    csrfSecret: CSRF_SECRET,
    documents: store,
    audit,
    portal,
    onError: opts.onError ?? (() => undefined),
  });
  const server = await startWebServer({ app, port: 0 });
  const started: string[] = [];

  const startWorkflow = async (input: DecisionFixtureInput) => {
    const workflowId = `web-test-${randomUUID()}`;
    started.push(workflowId);
    return client.workflow.start(decisionFixtureWorkflow, { workflowId, taskQueue, args: [input] });
  };

  const http = async (path: string, opts: HttpOptions = {}): Promise<Reply> => {
    const res = await fetch(`${server.url}${path}`, {
      method: opts.method ?? (opts.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...opts.headers,
      },
      ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
    });
    const setCookie = res.headers.get('set-cookie') ?? undefined;
    return {
      status: res.status,
      text: await res.text(),
      headers: res.headers,
      ...(setCookie ? { cookie: setCookie.split(';')[0] } : {}),
    };
  };

  return {
    client,
    server,
    audit,
    store,
    draft,
    unrelated,
    approvalSpec: (stepId = 'manager-approval') => ({
      stepId,
      kind: 'approval',
      title: '2026-11 新件库盘点差异审批',
      summary: ['盘点行数 1,204，超差行 3'],
      figures: [{ label: '差异金额', value: '¥1,234.50' }],
      docIds: [draft.docId],
      docLabels: { [draft.docId]: '盘点差异报告（草稿）.pdf' },
      recipients: [MANAGER],
    }),
    startWorkflow,
    async startStep(spec) {
      const handle = await startWorkflow({ steps: [{ spec, wait: {} }] });
      const notices = await waitForNotices(handle, (n) => n.length === 1);
      const grant = notices[0]!.grants[0]!;
      const opts = spec.locale ? { locale: spec.locale } : {};
      return { handle, grant, token: linkTokenFor(handle.workflowId, spec.stepId, actionsOf(spec), grant, opts) };
    },
    http,
    async openPage(token) {
      const page = await http(`/a/${token}`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      if (page.status !== 200 || !csrf) throw new Error(`page not usable: ${page.status} ${page.text.slice(0, 300)}`);
      return { page, csrf };
    },
    async close() {
      for (const id of started) await terminateQuietly(client, id);
      await server.close();
      worker.shutdown();
      await running;
      await closeWorker();
      await client.connection.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Pages shown to people never carry stack traces or Temporal internals. */
export function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|Error:|ApplicationFailure|stack/i);
}
