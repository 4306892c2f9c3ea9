// The demo's month-end end to end, on a smaller month: a fresh data dir, the embedded Temporal dev server (SQLite)
// on free ports, the mail catcher and the web server started by the same startStack as `npm run demo`, the worker
// with the production activities (createActivities) and the run's pre-built bundle of the same workflows, and the
// same drivers (runMonthEnd): counters fill the count sheets with exceljs, every decision is a click on the real
// link from the real mail over HTTP. A second run on the same stack must reuse everything and do nothing twice.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import { createActivities, temporalAddress } from '../../worker';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { demoConfigOnFreePorts } from '../../scripts/demo/config-on-free-ports';
import { ensureSamples } from '../../scripts/demo/demo-samples';
import { runMonthEnd, SMALL_SCALE, type MonthEndReport } from '../../scripts/demo/run-month-end';
import { SMALL_MONTH } from '../../scripts/demo/small-samples';
import { activityBoundary } from '../../activities/boundary';
import { tieOut } from '../../cli/audit/tie-out';
import { runCli, writeTestConfig } from '../cli/cli-kit';
import { createPdfActivities } from '../../activities/pdf/create-pdf-activities';
import type { FinanceSummaryData } from '../../templates/pdf/finance-summary';
import { parsePeriod } from '../../domain/calendar';

const PERIOD = parsePeriod('2026-11');
let stack: Stack;
let stopWorker: (() => Promise<void>) | undefined;
let cfg: LoadedConfig;
let dataDir: string;
let first: MonthEndReport;
const printed: string[] = [];

/** Logs in to the auditor portal like a browser (pre-login cookie + CSRF field) and returns a page's HTML. */
async function auditorPage(portal: string, url: string): Promise<string> {
  const cookies = (res: Response) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const form = await fetch(`${portal}/login`);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '';
  const login = await fetch(`${portal}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookies(form),
      origin: new URL(portal).origin,
    },
    body: new URLSearchParams({ username: 'auditor', password: 'audit-demo-2026', _csrf: csrf }),
  });
  expect(login.status).toBe(303);
  const res = await fetch(url, { headers: { cookie: cookies(login) } });
  expect(res.status).toBe(200);
  return res.text();
}

// Readable test output: only warnings and errors from the worker (as `npm run demo` does).
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // installed already in this process
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'aftersales-demo-'));
  cfg = await demoConfigOnFreePorts(dataDir);
  const samples = await ensureSamples(cfg, { period: PERIOD, small: SMALL_MONTH });
  expect(samples.written).toHaveLength(9);
  const services = await startStack(cfg, { worker: false, log: () => undefined });
  // worker.ts's createWorker bundles ./workflows at start (tsx resolves it; vitest's require cannot): the test
  // worker takes the run's bundle of the same workflows/index.ts instead, with the production activities.
  const connection = await NativeConnection.connect({ address: temporalAddress(cfg) });
  const worker = await Worker.create({
    connection,
    namespace: cfg.temporal.namespace,
    taskQueue: cfg.temporal.taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: createActivities(services.services, { client: services.client }),
    interceptors: { activity: [activityBoundary] },
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await connection.close();
  };
  stack = { ...services, worker };
}, 240_000);

afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run demo, on a small month', () => {
  it('closes the month: every workflow completes, documents are archived, decisions are clicked from real mails', async () => {
    first = await runMonthEnd(stack, {
      period: PERIOD,
      scale: SMALL_SCALE,
      stepTimeoutMs: 120_000,
      log: (l) => printed.push(l),
    });
    writeFileSync(join(dataDir, 'demo-output.txt'), `${printed.join('\n')}\n${first.summary}`);
    expect(first.ok, first.summary).toBe(true);

    // Every part ran (none skipped as "not available") and every workflow it started is closed as completed.
    const sections = new Set(first.runs.map((r) => r.section));
    expect([...sections].sort()).toEqual([
      'dunning',
      'early-warning',
      'quality',
      'returns',
      'stocktake',
      'supplier batch',
    ]);
    expect(first.runs.filter((r) => r.status !== 'completed')).toEqual([]);
    for (const r of first.runs) {
      const d = await stack.client.workflow.getHandle(r.workflowId).describe();
      expect(d.status.name, r.workflowId).toBe('COMPLETED');
    }
    const ids = first.runs.map((r) => r.workflowId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'stocktake-2026-11-new-parts',
        'stocktake-2026-11-old-parts',
        'quality-2026-11',
        'dunning-2026-11',
        'returns-watcher',
        'supplier-recovery-2026-11',
      ]),
    );
    const returns = first.runs.filter((r) => r.workflowId.startsWith('return-'));
    expect(returns).toHaveLength(SMALL_MONTH.returns);

    // Documents archived per kind; the hash chain of the archive index holds.
    const kinds = first.facts.documents.byKind;
    expect(kinds['stocktake-report']).toBe(2);
    expect(kinds['stocktake-snapshot']).toBe(2);
    expect(kinds['stocktake-count-sheet']).toBeGreaterThanOrEqual(4);
    expect(kinds['quality-feedback']).toBe(5);
    expect(kinds['quality-feedback-draft']).toBe(5);
    expect(kinds['statement']).toBe(SMALL_MONTH.dealers);
    // The finance summary went out while approvals were open (saying so), then once more, corrected, after them.
    const summaries = (await stack.services.archive.list({ kind: 'finance-summary' })).map((e) => e.version);
    expect(summaries).toEqual(kinds['finance-summary'] === 1 ? [1] : [1, 2]);
    expect(kinds['grn']).toBe(SMALL_MONTH.returns);
    expect(kinds['supplier-claim']).toBeGreaterThanOrEqual(1);
    // The sample month's batch problem: one incident, its evidence and its closing report.
    expect(kinds['incident-evidence']).toBe(1);
    expect(kinds['incident-closing-report']).toBe(1);
    const incident = first.runs.find((r) => r.workflowId.startsWith('incident-2026-11-'));
    expect(incident?.outcome).toMatch(/supplier responsible \(浙江华信制动系统有限公司\), cost ¥18,600\.00/);
    expect((await stack.services.archive.verifyChain()).ok).toBe(true);
    const report = (await stack.services.archive.list()).find((e) => e.fileName === '盘点报告 2026-11 新件库.pdf');
    expect(report).toBeDefined();
    const pdf = join(dataDir, 'report.pdf');
    writeFileSync(pdf, (await stack.services.archive.getDocument(report!.docId))!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('新件库');
    expect(text).toContain('王经理');

    // Mails: the catcher got them all (and wrote each as .eml), every department and every dealer got theirs.
    const caught = stack.catcher!.messages();
    expect(readdirSync(dataPath(cfg, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(caught.length);
    expect(first.facts.mails).toBe(caught.length);
    const to = (m: (typeof caught)[number]) => JSON.stringify(m.to ?? '');
    for (const d of ['sales', 'production', 'quality', 'purchasing', 'engineering'] as const) {
      const address = cfg.departments[d]!.emails[0]!;
      expect(
        caught.some((m) => to(m).includes(address) && m.attachments.some((a) => /\.pdf$/.test(a.filename ?? ''))),
        d,
      ).toBe(true);
    }
    const statements = caught.filter(
      (m) => /dealers\.example\.cn/.test(to(m)) && m.attachments.some((a) => a.filename?.startsWith('对账单')),
    );
    expect(new Set(statements.map(to)).size).toBe(SMALL_MONTH.dealers);

    // Decisions: every click succeeded, on a link that came in a real mail, by the person it was mailed to.
    expect(first.clicks.length).toBeGreaterThanOrEqual(15);
    expect(first.clicks.filter((c) => c.status !== 200)).toEqual([]);
    for (const c of first.clicks) {
      const mail = caught.find((m) => (m.text ?? '').includes(c.url));
      expect(mail, `${c.workflowId}/${c.stepId}`).toBeDefined();
      expect(to(mail!).toLowerCase()).toContain(c.email);
    }
    const did = (who: string, action: string, workflow: RegExp) =>
      first.clicks.some((c) => c.who === who && c.action === action && workflow.test(c.workflowId));
    expect(did('王经理', 'approve', /^stocktake-/)).toBe(true);
    expect(did('李主管', 'approve', /^quality-/)).toBe(true);
    expect(did('陈工', 'submit', /^return-/)).toBe(true);
    expect(did('王经理', 'approve', /^dunning-2026-11-D/)).toBe(true);
    expect(did('李主管', 'submit', /^incident-2026-11-/)).toBe(true);
    expect(did('品质部', 'approve', /^incident-2026-11-/)).toBe(true);
    expect(first.clicks.filter((c) => c.stepId.startsWith('counts-r2')).length).toBeGreaterThanOrEqual(2);
    expect(
      printed.some((l) => /王经理 approved 「2026-11 新件库 盘点差异审批」 via http:\/\/127\.0\.0\.1:\d+\/a\//.test(l)),
    ).toBe(true);
    expect(first.summary).toContain('auditor / audit-demo-2026');

    // The month ties out: every report's figures recomputed from snapshots, journals and history, 0 differences.
    expect(first.audit, first.summary).not.toBeNull();
    expect(first.audit!.differences, first.summary).toEqual([]);
    expect(first.audit!.checked).toBeGreaterThan(100);
    expect(first.summary).toMatch(/tie-out 2026-11: \d+ figures checked, 0 difference\(s\)/);
    // The same through the operator's command line: `aftersales audit tie-out --period 2026-11 --json`.
    const file = writeTestConfig({
      namespace: cfg.temporal.namespace,
      dataDir,
      fileName: 'cli-config.yaml',
      patch: { temporal: { address: temporalAddress(cfg) } },
    });
    const cli = await runCli(['audit', 'tie-out', '--period', PERIOD, '--json'], {
      config: file.path,
      env: { TEMPORAL_ADDRESS: temporalAddress(cfg) },
    });
    expect(cli.code, cli.stderr).toBe(0);
    const last = JSON.parse(cli.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['period', 'checked', 'differences']);
    expect(last).toEqual({ period: PERIOD, checked: first.audit!.checked, differences: [] });

    // One mail per ask: no two mails to the same person with the same subject, except reminders marked as such.
    const seen = new Map<string, number>();
    for (const m of caught) {
      if (/【提醒】|^Reminder/.test(m.subject ?? '')) continue;
      const key = `${to(m).toLowerCase()} | ${m.subject}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);

    // Letters carry human numbers contiguous per dealer, each archived once (one version: same facts, same bytes);
    // a supplier claim went to a named supplier's contact.
    const archived = await stack.services.archive.list({ kind: 'dunning-letter' });
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.filter((e) => e.version !== 1).map((e) => e.fileName)).toEqual([]);
    const letters = archived.map((e) => e.fileName).sort();
    const perDealer = new Map<string, number>();
    const expected = [...archived]
      .sort((a, b) => a.fileName.localeCompare(b.fileName))
      .map((e) => {
        const n = (perDealer.get(e.dealerId!) ?? 0) + 1;
        perDealer.set(e.dealerId!, n);
        return `催款函-CK-2026-11-${e.dealerId}-${String(n).padStart(2, '0')}.pdf`;
      })
      .sort();
    expect(letters).toEqual(expected);
    const drafts = await stack.services.archive.list({ kind: 'dunning-letter-draft' });
    expect(drafts.filter((e) => e.version !== 1).map((e) => e.fileName)).toEqual([]);
    const claims = await stack.services.archive.list({ kind: 'supplier-claim' });
    const named = [];
    for (const c of claims) {
      const data = await stack.services.work.getJson<{ supplier: { code: string; name: string; email?: string } }>({
        sha256: c.rendering!.dataSha256,
      });
      if (data.supplier.email && c.recipients.includes(data.supplier.email) && /有限公司|厂$/.test(data.supplier.name))
        named.push(data.supplier);
    }
    expect(named.length, JSON.stringify(claims.map((c) => c.recipients))).toBeGreaterThanOrEqual(1);
    expect(named.every((s) => !/^S[0-9A-F]{8}$/.test(s.code))).toBe(true);

    // The portal the summary points at takes the demo auditor's login and lists the month's documents.
    const portal = /auditor portal (\S+)/.exec(first.summary)![1]!;
    const page = await auditorPage(portal, `${portal}/?kind=stocktake-report`);
    expect(page).toContain('盘点报告 2026-11 新件库.pdf');
    expect(page).toContain('盘点报告 2026-11 旧件库.pdf');
    const closing = await auditorPage(portal, `${portal}/?kind=incident-closing-report`);
    expect(closing).toMatch(/结案报告 incident-2026-11-[^<]+\.pdf/);
  }, 600_000);

  it('a second run reuses the samples and reports the month as already done, sending and archiving nothing', async () => {
    const samples = await ensureSamples(cfg, { period: PERIOD, small: SMALL_MONTH });
    expect(samples.written).toEqual([]);
    const mailsBefore = stack.catcher!.messages().length;
    const again = await runMonthEnd(stack, {
      period: PERIOD,
      scale: SMALL_SCALE,
      stepTimeoutMs: 60_000,
      log: () => undefined,
    });
    expect(again.ok, again.summary).toBe(true);
    expect(again.clicks).toEqual([]);
    expect(again.facts.documents.total).toBe(first.facts.documents.total);
    expect(stack.catcher!.messages().length).toBe(mailsBefore);
    // The watcher reads the register again (it starts nothing); everything else was already done.
    const notDone = again.runs.filter((r) => r.status !== 'already-done');
    expect(notDone.map((r) => [r.workflowId, r.status])).toEqual([['returns-watcher', 'completed']]);
    expect(notDone[0]!.outcome).toContain('0 returns started');
    expect(new Set(again.runs.map((r) => r.workflowId))).toEqual(new Set(first.runs.map((r) => r.workflowId)));
    expect(again.summary).toContain('(0 new this run)');
  }, 180_000);

  it('a report stating other figures than the facts is found by the tie-out', async () => {
    // What the old run produced: a finance summary built before the approvals (no level-3 letters, no dispute).
    const [summary] = (await stack.services.archive.list({ kind: 'finance-summary' })).sort(
      (a, b) => b.version - a.version,
    );
    const data = await stack.services.work.getJson<FinanceSummaryData>({ sha256: summary!.rendering!.dataSha256 });
    const early = { ...data, overall: { ...data.overall, levelsSent: { '1': 1 }, disputes: 0 } };
    const { renderDocument } = createPdfActivities({
      store: stack.services.archive,
      work: stack.services.work,
      timeZone: cfg.timezone,
    });
    await renderDocument({
      template: 'finance-summary',
      data: early,
      generatedAt: summary!.rendering!.generatedAt,
      locale: 'zh-CN',
      meta: {
        workflowId: summary!.workflowId,
        runId: summary!.runId,
        period: PERIOD,
        kind: 'finance-summary',
        fileName: summary!.fileName,
        recipients: summary!.recipients,
      },
    });
    const audit = await tieOut({
      period: PERIOD,
      cfg,
      client: stack.client,
      archive: stack.services.archive,
      work: stack.services.work,
    });
    const found = audit.differences.map((d) => [d.document, d.figure]);
    expect(found).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^经销商往来账目月统计报表-2026-11\.pdf \(v\d\)$/), '催款函（按级别）'],
        [expect.stringMatching(/^经销商往来账目月统计报表/), '异议'],
      ]),
    );
    expect(audit.differences.every((d) => d.document.startsWith('经销商往来账目月统计报表'))).toBe(true);
  }, 180_000);
});
