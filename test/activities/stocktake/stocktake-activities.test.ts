// The stocktake activities one by one on the generated sample workbooks, with the real archive, work store,
// audit log and Excel backend: snapshot → count sheets → counts read back → reconcile → post (twice) → report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { AuditLog } from '../../../activities/archive/audit-log';
import { WorkStore } from '../../../activities/archive/work-store';
import { createPdfActivities } from '../../../activities/pdf/create-pdf-activities';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples, type GeneratedSamples } from '../../../activities/sheets/samples';
import { createStocktakeActivities } from '../../../activities/stocktake';
import type { CountSheetInfo, SnapshotRef, StoredSnapshot } from '../../../activities/stocktake/types';
import type { ReconcileResult } from '../../../domain/stocktake';
import { parsePeriod } from '../../../domain/calendar';

const PERIOD = parsePeriod('2026-09');
let dir: string;
let samples: GeneratedSamples;
let work: WorkStore;
let archive: ArchiveStore;
let audit: AuditLog;
let acts: ReturnType<typeof createStocktakeActivities>;
const mails: unknown[] = [];
const rel = (abs: string) => abs.slice(dir.length + 1);
const base = {
  workflowId: 'stocktake-test-acts',
  runId: 'run-1',
  period: PERIOD,
  warehouse: { id: 'old-parts', name: '旧件库' },
};
const counters = [
  { name: '周仓管', email: 'wh-old@example.cn' },
  { name: '陈工', email: 'technician@example.cn' },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stocktake-acts-'));
  samples = await generateSamples({ dir: join(dir, 'samples'), seed: 5, period: PERIOD });
  work = new WorkStore({ root: join(dir, 'store') });
  archive = new ArchiveStore({ root: join(dir, 'store') });
  audit = new AuditLog({ root: join(dir, 'store') });
  acts = createStocktakeActivities({
    excel: createExcelBackend({ root: dir }),
    work,
    archive,
    audit,
    mail: async (m) => {
      mails.push(m);
      return { status: 'sent', messageId: '<x@y>', sentAt: new Date().toISOString() };
    },
    timeZone: 'Asia/Shanghai',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function snapshot(): Promise<SnapshotRef> {
  const out = await acts.snapshotStocktakeLedger({
    ...base,
    cutoffDate: '2026-09-30',
    ledger: { ref: { kind: 'excel', path: rel(samples.files.stockLedger) } },
    outputDir: '盘点/test',
    attempt: 1,
  });
  if (!out.ok) throw new Error(out.problems.sample.join('\n'));
  return out.snapshot;
}

async function fill(abs: string, qty: (lineNo: number) => number | string | null) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(abs);
  const ws = wb.getWorksheet('盘点表')!;
  ws.eachRow((row, n) => {
    if (n > 2 && typeof row.getCell(1).value === 'number') row.getCell(7).value = qty(row.getCell(1).value as number);
  });
  await wb.xlsx.writeFile(abs);
}

describe('stocktake activities on the sample workbooks', () => {
  let snap: SnapshotRef;
  let stored: StoredSnapshot;
  let sheets: CountSheetInfo[];
  let manifest: { sha256: string };

  it('snapshots the old-parts ledger: archived JSON whose SHA-256 is the work-store hash', async () => {
    snap = await snapshot();
    stored = await work.getJson<StoredSnapshot>(snap.data);
    expect(snap.lines).toBe(stored.lines.length);
    expect(snap.lines).toBeGreaterThan(30);
    expect(snap.lines).toBeLessThan(200);
    expect(stored.lines.every((l) => l.warehouse === '旧件库')).toBe(true);
    expect(snap.archive.sha256).toBe(snap.data.sha256);
    const doc = await archive.getDocument(snap.archive.docId);
    expect(createHash('sha256').update(doc!.bytes).digest('hex')).toBe(snap.data.sha256);
    expect(doc!.entry.kind).toBe('stocktake-snapshot');
    // Idempotent: a second snapshot of the unchanged ledger is the same blob and the same archive entry.
    const again = await snapshot();
    expect(again.data).toEqual(snap.data);
    expect(again.archive.docId).toBe(snap.archive.docId);
  });

  it('writes blind, protected count sheets with numeric validation, one per counter and zone', async () => {
    const res = await acts.writeStocktakeCountSheets({
      ...base,
      round: 1,
      snapshot: snap.data,
      counters,
      blind: true,
      outputDir: '盘点/test',
      deadline: '2026-10-03T10:00:00Z',
    });
    sheets = res.sheets;
    manifest = res.manifest;
    expect(new Set(sheets.map((s) => s.counter.email))).toEqual(new Set(counters.map((c) => c.email)));
    expect(sheets.reduce((n, s) => n + s.lines, 0)).toBe(snap.lines);
    const abs = join(dir, (sheets[0]!.location as { path: string }).path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(abs);
    const ws = wb.getWorksheet('盘点表')!;
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '仓库',
      '库区',
      '库位',
      '配件编号',
      '配件名称',
      '实盘数量',
      '盘点人',
      '盘点时间',
      '备注',
    ]);
    expect(header).not.toContain('账面数量');
    expect(String(ws.getCell('A1').value)).toContain('盘点表');
    expect(ws.getCell('G3').protection?.locked).toBe(false);
    expect(ws.getCell('E3').protection?.locked).not.toBe(false);
    const dv = (
      ws as unknown as {
        dataValidations: { model: Record<string, { type: string; operator: string; formulae: unknown[] }> };
      }
    ).dataValidations.model;
    const countRule = Object.entries(dv).find(([range]) => range.startsWith('G3'))?.[1];
    expect(countRule).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    expect(wb.getWorksheet('提交状态')!.getCell('A3').value).toBe('未提交');
    // The archived copy is what the counter's mail attaches.
    expect((await archive.getDocument(sheets[0]!.doc!.docId))!.entry.contentType).toContain('spreadsheetml');
    // Writing the round again (a retry) leaves every file as it was.
    const again = await acts.writeStocktakeCountSheets({
      ...base,
      round: 1,
      snapshot: snap.data,
      counters,
      blind: true,
      outputDir: '盘点/test',
      deadline: '2026-10-03T10:00:00Z',
    });
    expect(again.sheets.map((s) => s.fingerprint)).toEqual(sheets.map((s) => s.fingerprint));
    // A later run of the same stocktake (another deadline) never replaces them: it takes the next free name.
    const rerun = await acts.writeStocktakeCountSheets({
      ...base,
      round: 1,
      snapshot: snap.data,
      counters,
      blind: true,
      outputDir: '盘点/test',
      deadline: '2026-10-09T10:00:00Z',
    });
    expect(rerun.sheets.map((s) => (s.location as { path: string }).path)).toEqual(
      sheets.map((s) => (s.location as { path: string }).path.replace(/\.xlsx$/, ' (2).xlsx')),
    );
  });

  it('reads filled sheets back, reconciles, posts once and renders the report', async () => {
    const lines = stored.lines;
    for (const s of sheets) {
      // Every line counted at its book quantity, except line 1 (3 short) and line 2 (left empty).
      await fill(join(dir, (s.location as { path: string }).path), (n) =>
        n === 1 ? lines[0]!.bookQty - 3 : n === 2 ? null : lines[n - 1]!.bookQty,
      );
    }
    const counts = [];
    for (const c of counters) {
      const mine = sheets.filter((s) => s.counter.email === c.email);
      const read = await acts.readStocktakeCounts({
        ...base,
        round: 1,
        snapshot: snap.data,
        manifest,
        sheets: mine,
        submittedAt: '2026-10-02T08:00:00.000Z',
        counterNames: counters.map((x) => x.name),
        attempt: 1,
        outputDir: '盘点/test',
      });
      if (!read.ok) console.log(read.problems.sample);
      expect(read.ok).toBe(true);
      if (read.ok) counts.push(read.counts);
    }
    const rec = await acts.reconcileStocktake({
      snapshot: snap.data,
      counts,
      warehouse: base.warehouse,
      cutoffDate: '2026-09-30',
      countedThrough: '2026-10-02T08:00:00.000Z',
      tolerances: { default: { absQty: 5, percent: 100, valueFen: 10_000_000 } },
      round: 1,
      recount: { maxRounds: 1, differentCounter: true },
      counters: counters.map((c) => c.name),
    });
    expect(rec.summary.variances).toBe(1);
    expect(rec.summary.uncounted).toBe(1);
    expect(rec.plan.done).toBe(true);
    expect(rec.journalRows).toBe(1);

    const input = {
      workflowId: base.workflowId,
      period: PERIOD,
      warehouse: base.warehouse,
      snapshot: { data: snap.data, ledgerFingerprint: snap.ledgerFingerprint },
      ledger: { ref: { kind: 'excel' as const, path: rel(samples.files.stockLedger) } },
      result: rec.result,
      docNoPrefix: 'PD-OP',
      approver: '王经理',
      reason: '月度盘点差异调整',
      journalTab: `盘点调整 ${PERIOD} 旧件库`,
      correctionsTab: `盘点后账面 ${PERIOD} 旧件库`,
    };
    const first = await acts.postStocktakeAdjustments(input);
    expect(first.status).toBe('posted');
    expect(first.rows).toBe(1);
    expect(first.firstDocNo).toBe(`PD-OP-${PERIOD}-0001`);
    const second = await acts.postStocktakeAdjustments(input);
    expect(second.status).toBe('already-posted');
    expect(second.journalHash).toBe(first.journalHash);
    // A different journal under the same numbers is refused, not posted again.
    await expect(acts.postStocktakeAdjustments({ ...input, approver: '别人' })).rejects.toThrow(
      /已于.*过账|PostingConflict|already posted/,
    );

    const target = join(dir, (first.target as { path: string }).path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    const journal = wb.getWorksheet(input.journalTab)!;
    expect(journal.actualRowCount).toBe(2);
    expect(journal.getRow(2).getCell(1).value).toBe(`PD-OP-${PERIOD}-0001`);
    expect(journal.getRow(2).getCell(11).value).toBe(-3);
    expect(journal.getRow(2).getCell(16).value).toBe('王经理');
    // Corrected lines only: the slipped line and every bin card that disagreed with the count.
    expect(wb.getWorksheet(input.correctionsTab)!.actualRowCount).toBe(first.corrections + 1);
    expect(first.corrections).toBe(1 + stored.lines.slice(2).filter((l) => l.cardQty !== l.bookQty).length);
    const result = await work.getJson<ReconcileResult>(rec.result);
    expect(result.lines[0]!.varianceQty).toBe(-3);

    const pdfActs = createPdfActivities({ store: archive, work, timeZone: 'Asia/Shanghai' });
    const dataRef = await acts.buildStocktakeReportData({
      status: 'final',
      outcome: 'posted',
      mode: 'monthly',
      period: PERIOD,
      warehouse: base.warehouse,
      workflowId: base.workflowId,
      cutoffDate: '2026-09-30',
      snapshot: { sha256: snap.archive.sha256, docId: snap.archive.docId, lines: snap.lines },
      result: rec.result,
      plan: rec.plan.ref,
      movements: rec.movements,
      recounts: [
        { round: 1, sheets: sheets.length, lines: snap.lines, counters: '周仓管、陈工', overToleranceAfter: 0 },
      ],
      approvals: {
        valueFen: 100,
        required: [{ name: '王经理', limitFen: 500_000 }],
        decisions: [{ name: '王经理', action: 'approve', at: '2026-10-03T02:00:00.000Z' }],
      },
      posting: first,
    });
    const pdf = await pdfActs.renderDocument({
      template: 'stocktake-report',
      dataRef,
      generatedAt: '2026-10-03T03:00:00.000Z',
      meta: {
        workflowId: base.workflowId,
        runId: base.runId,
        period: PERIOD,
        warehouse: 'old-parts',
        kind: 'stocktake-report',
        fileName: 'report.pdf',
        recipients: [],
      },
    });
    const file = join(dir, 'report.pdf');
    writeFileSync(file, (await archive.getDocument(pdf.docId))!.bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('月度盘点报告');
    expect(text).toContain('旧件库');
    expect(text).toContain(`PD-OP-${PERIOD}-0001`);
    expect(text).toContain('签核');
    expect(text).toContain('王经理');
    expect(readFileSync(file).length).toBeGreaterThan(1000);
  });

  it('treats a count sheet that cannot be read as a problem for its counter, and as "not submitted" when polled', async () => {
    const s = sheets[0]!;
    const abs = join(dir, (s.location as { path: string }).path);
    // Half a file, as while Excel or a sync client is still writing it.
    const bytes = readFileSync(abs);
    writeFileSync(abs, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const [status] = await acts.readStocktakeSheetStatus({ sheets: [s] });
    expect(status).toMatchObject({ sheetId: s.sheetId, submitted: false });
    const read = await acts.readStocktakeCounts({
      ...base,
      round: 1,
      snapshot: snap.data,
      manifest,
      sheets: [s],
      submittedAt: '2026-10-02T08:00:00.000Z',
      counterNames: counters.map((x) => x.name),
      attempt: 2,
      outputDir: '盘点/test',
    });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problems.count).toBe(1);
      expect(read.problems.sample[0]).toMatch(/盘点表无法读取/);
      expect((await archive.getDocument(read.problems.doc.docId))!.entry.kind).toBe('stocktake-problems');
    }
  });
});
