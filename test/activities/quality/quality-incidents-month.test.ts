// The month's batch quality incidents in the 质量信息反馈表, on real parts: sample quality workbooks and an incident
// register workbook authored by LibreOffice (质量事件登记, the journal the incident workflows append to) read through the Excel backend by the
// compile activity, the department documents prepared from the work store, rendered to real PDFs and read back with
// pdftotext: incidents opened or closed in the month with their month-end state, 本月无 when none, no section
// when early warning is not configured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import { INCIDENT_REGISTER_HEADER } from '../../../activities/incidents';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import type { QualityCompilation, QualitySources } from '../../../activities/quality';
import { checkQualitySourcesHash, compileQualityFeedback } from '../../../activities/quality/compile-quality-feedback';
import { prepareQualityDocuments } from '../../../activities/quality/prepare-quality-documents';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples } from '../../../activities/sheets/samples';
import { INCIDENT_STATE_LABELS } from '../../../domain/early-warning';
import { DEFAULT_QUALITY_ROUTING } from '../../../domain/quality';
import { qualityFeedbackTemplate, type QualityFeedbackData } from '../../../templates/pdf/quality-feedback';
import { pdfText, savePdf, writeWorkbook } from '../../workflows/quality/quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';

const PERIOD = parsePeriod('2026-11');
const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'sheets', 'libreoffice', 'incident-register-month.xlsx');
const A = 'incident-2026-11-DP-1230-异响';
const B = 'incident-2026-10-BK-2001-渗油';
const C = 'incident-2026-09-LP-3300-不亮';
const D = 'incident-2026-12-DP-1230-卡滞';
let dir: string;
let work: WorkStore;
let archive: ArchiveStore;

const BASE: QualitySources = {
  qualityEvents: [{ ref: { kind: 'excel', path: '质量信息汇总.xlsx' } }],
  failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
};
const withRegister = (path: string): QualitySources => ({
  ...BASE,
  incidentRegister: { ref: { kind: 'excel', path, sheet: '质量事件' } },
});

async function compileAndRender(root: string, sources: QualitySources, name: string) {
  const backend = createExcelBackend({ root });
  const deps = { backendFor: () => backend, work, archive, tmpDir: join(dir, 'tmp'), buckets: 4 };
  const compiled = await compileQualityFeedback(deps, {
    workflowId: 'quality-2026-11',
    runId: 'run-1',
    period: PERIOD,
    round: 1,
    sources,
    routing: DEFAULT_QUALITY_ROUTING,
    options: { priorMonths: 6, dedupeWindowDays: 3, repeatWindowDays: 90, policy: 'proceed-with-valid' },
    locale: 'zh-CN',
  });
  const compilation = await work.getJson<QualityCompilation>(compiled.compilationRef);
  const prepared = await prepareQualityDocuments(
    { work },
    {
      compilationRef: compiled.compilationRef,
      workflowId: 'quality-2026-11',
      runId: 'run-1',
      company: '售后服务部',
      locale: 'zh-CN',
      draft: null,
    },
  );
  const plan = prepared.documents.find((d) => d.departmentId === 'quality') ?? prepared.documents[0]!;
  const data = await work.getJson<QualityFeedbackData>(plan.dataRef);
  const ctx = {
    locale: 'zh-CN' as const,
    generatedAt: '2026-12-03T02:30:00.000Z',
    docId: `${name}.pdf`,
    timeZone: 'Asia/Shanghai',
  };
  const path = savePdf(`incidents-${name}`, await renderPdf(qualityFeedbackTemplate(data, ctx), ctx));
  const text = await pdfText(path);
  return { compilation, data, text, flat: text.replace(/\s+/g, '') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-incidents-'));
  mkdirSync(join(dir, 'tmp'));
  work = new WorkStore({ root: join(dir, 'store') });
  archive = new ArchiveStore({ root: join(dir, 'store') });
  await generateSamples({ dir: join(dir, 'samples'), seed: 11, period: PERIOD });
  const header = [...INCIDENT_REGISTER_HEADER];
  // The register written by LibreOffice (date cells, a yuan number), as a user's copy of the journal would be.
  copyFileSync(FIXTURE, join(dir, 'samples', '质量事件登记.xlsx'));
  await writeWorkbook(join(dir, 'samples', '质量事件登记-平静.xlsx'), '质量事件', header, [
    ...(['opened', 'contained'] as const).map((event, i) => {
      const label = INCIDENT_STATE_LABELS[event][0];
      const part = ['LP-3300', '尾灯总成', '不亮', '明光灯具', null, null, '品质部', null];
      return [`${C}#${event}`, C, new Date(`2026-09-0${i + 1}`), event, label, ...part];
    }),
  ]);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the monthly feedback lists the batch quality incidents of the month', () => {
  it('prints incidents opened and closed in the month with their month-end state, and only those', async () => {
    const { compilation, data, text, flat } = await compileAndRender(
      join(dir, 'samples'),
      withRegister('质量事件登记.xlsx'),
      'month',
    );
    // The compilation (work store) holds the register's month; the PDF data carries the rows, nothing else does.
    expect(compilation.incidents?.file).toBe('质量事件登记.xlsx');
    expect(compilation.incidents?.fingerprint).not.toBe('');
    expect(data.incidents?.map((r) => [r.incidentId, r.state, r.openedInMonth, r.closedInMonth])).toEqual([
      [A, 'contained', true, false],
      [B, 'closed', false, true],
    ]);
    expect(text).toContain('批量质量事件');
    expect(flat).toContain('本月开立1起，关闭1起');
    expect(flat).toContain(A);
    expect(flat).toContain(B);
    expect(flat).not.toContain(C);
    expect(flat).not.toContain(D);
    // Each listed incident's line carries its month-end state.
    const lineOf = (part: string) => text.split('\n').find((l) => l.includes(part)) ?? '';
    expect(lineOf('DP-1230')).toMatch(/2026-11-05.*已遏制/);
    expect(lineOf('BK-2001')).toMatch(/2026-10-10\s+2026-11-20\s+已关闭\s+是\s+1,200\.00/);
    // The supplier-responsible cost closed in the month is said to be in the month's supplier claims.
    expect(flat).toContain('其中供应商责任、本月关闭的1起事件费用共1,200.00元，计入本月供应商索赔');
    expect(text).not.toContain('本月无');
  });

  it('says 本月无 when the register has no incident opened or closed in the month', async () => {
    const { data, text } = await compileAndRender(
      join(dir, 'samples'),
      withRegister('质量事件登记-平静.xlsx'),
      'quiet',
    );
    expect(data.incidents).toEqual([]);
    expect(text).toContain('批量质量事件');
    expect(text).toContain('本月无');
  });

  it("changes the feedback's sourcesHash when the register is edited", async () => {
    const root = join(dir, 'samples');
    const deps = { backendFor: () => createExcelBackend({ root }) };
    const sources = withRegister('质量事件登记-编辑.xlsx');
    copyFileSync(join(root, '质量事件登记-平静.xlsx'), join(root, '质量事件登记-编辑.xlsx'));
    const before = await checkQualitySourcesHash(deps, sources);
    expect(before).not.toBe(await checkQualitySourcesHash(deps, BASE));
    expect(await checkQualitySourcesHash(deps, sources)).toBe(before);
    // The same file, now with an incident closed in the month (as the incident workflow would append it).
    copyFileSync(join(root, '质量事件登记.xlsx'), join(root, '质量事件登记-编辑.xlsx'));
    const after = await checkQualitySourcesHash(deps, sources);
    expect(after).not.toBe(before);
    const { compilation } = await compileAndRender(root, sources, 'edited');
    expect(compilation.sourcesHash).toBe(after);
  });

  it('says 本月无 when the register does not exist yet, and has no section without early warning', async () => {
    const missing = await compileAndRender(join(dir, 'samples'), withRegister('不存在的登记.xlsx'), 'no-register');
    expect(missing.compilation.incidents?.fingerprint).toBe('');
    expect(missing.text).toContain('本月无');
    const off = await compileAndRender(join(dir, 'samples'), BASE, 'off');
    expect(off.compilation.incidents).toBeUndefined();
    expect(off.data.incidents).toBeUndefined();
    expect(off.text).not.toContain('批量质量事件');
  });
});
