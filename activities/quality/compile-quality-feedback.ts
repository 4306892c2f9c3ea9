/**
 * The month's compilation: read every configured quality source (streamed), the failure-mode catalogue and the
 * production volumes; clean (normalise, map failure texts, de-duplicate) and aggregate with the domain functions;
 * build the department views; store it all in the work store. Only a DataRef, the sources' hash and small counts
 * go back to the workflow.
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { reportProgress } from '../boundary/report-progress';
import { AppError, ConfigError, type CellProblem } from '../../domain/errors';
import {
  buildDepartmentViews,
  compareRowRefs,
  createFailureModeMatcher,
  createQualityAccumulator,
  foldClassifications,
  reviewUnmappedTexts,
  type FailureModeEntry,
  type FailureModeMatcher,
} from '../../domain/quality';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import type { TableBackend, TableRef } from '../sheets/types';
import { classificationJournalRef, readClassificationJournal } from './classification-journal';
import { cleanInBuckets } from './clean-in-buckets';
import { createEventSpill } from './event-spill';
import { qualityProblemReportXlsx } from './problem-report';
import { readIncidentsOfMonth } from './read-incident-month';
import {
  readFailureModeCatalogue,
  readProductionVolumes,
  sourceFile,
  streamQualityEvents,
} from './read-quality-sources';
import type {
  CompileQualityInput,
  CompileQualityResult,
  QualityCompilation,
  QualitySourceReport,
  QualitySources,
} from './types';
import { dayNumber, isoFromDay, shiftPeriod, windowMonths, type Period } from '../../domain/calendar';

export interface CompileDeps {
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef> };
  archive: { putDocument(bytes: Buffer, meta: ArchiveMeta): Promise<ArchiveRef> };
  /** Folder for the temporary bucket files (default: the OS temp folder). */
  tmpDir?: string;
  /** Bucket files events are spread over while cleaning (default 32: ~6k events per bucket at 200k). */
  buckets?: number;
}

const MAX_PROBLEMS = 1000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type SourceIdentity = Pick<QualitySourceReport, 'role' | 'file' | 'sheet' | 'fingerprint'>;

/** Hash over every source's identity and fingerprint: changes when anyone edits any of the sheets. */
export function sourcesHashOf(reports: readonly SourceIdentity[]): string {
  const h = createHash('sha256');
  for (const r of reports) h.update(`${JSON.stringify([r.role, r.file, r.sheet, r.fingerprint])}\n`);
  return h.digest('hex');
}

/** Dates read: the window plus the de-duplication margin on both sides (a duplicate straddling the edge is caught). */
export function readWindow(period: Period, priorMonths: number, dedupeWindowDays: number) {
  const months = windowMonths(period, priorMonths);
  const first = dayNumber(`${months[0]}-01`)!;
  const last = dayNumber(`${shiftPeriod(period, 1)}-01`)! - 1;
  return { months, from: isoFromDay(first - dedupeWindowDays), to: isoFromDay(last + dedupeWindowDays) };
}

export function allSources(s: QualitySources): { role: QualitySourceReport['role']; ref: TableRef }[] {
  return [
    ...s.qualityEvents.map((q) => ({ role: 'qualityEvents' as const, ref: q.ref })),
    { role: 'failureModes' as const, ref: s.failureModes.ref },
    { role: 'classifications' as const, ref: classificationJournalRef(s) },
    ...(s.productionVolumes ? [{ role: 'productionVolumes' as const, ref: s.productionVolumes.ref }] : []),
    // The register's month is printed (incidents, and supplier recovery's incident costs): an edit must show.
    ...(s.incidentRegister ? [{ role: 'incidentRegister' as const, ref: s.incidentRegister.ref }] : []),
  ];
}

export async function compileQualityFeedback(
  deps: CompileDeps,
  input: CompileQualityInput,
): Promise<CompileQualityResult> {
  const o = input.options;
  const en = input.locale === 'en';
  const { months, from, to } = readWindow(input.period, o.priorMonths, o.dedupeWindowDays);
  // Taken before reading, with the same function the correction wait polls, so "unchanged" means the same thing.
  const sourcesHash = await checkQualitySourcesHash(deps, input.sources);
  const reports: QualitySourceReport[] = [];
  const problems: CellProblem[] = [];
  const blocking: string[] = [];
  let problemTotal = 0;
  const take = (r: { report: QualitySourceReport; problems: CellProblem[] }) => {
    reports.push(r.report);
    problemTotal += r.report.problemCount;
    for (const p of r.problems) if (problems.length < MAX_PROBLEMS) problems.push(p);
    if (r.report.fatal)
      blocking.push(`${r.report.file}${r.report.sheet ? ` › ${r.report.sheet}` : ''}: ${r.report.fatal}`);
  };

  const catalogueRead = await readFailureModeCatalogue(
    deps.backendFor(input.sources.failureModes.ref),
    input.sources.failureModes,
  );
  // The supervisor's classifications of earlier months fold in as synonyms; the catalogue people keep wins.
  const journalRef = classificationJournalRef(input.sources);
  const journal = await readClassificationJournal(deps.backendFor(journalRef), journalRef);
  const folded = foldClassifications(catalogueRead.value, journal.classifications);
  let catalogue: FailureModeEntry[] = folded.catalogue;
  let matcher: FailureModeMatcher;
  try {
    matcher = createFailureModeMatcher(catalogue);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const file = sourceFile(input.sources.failureModes.ref);
    catalogueRead.problems.push({
      file,
      sheet: catalogueRead.report.sheet,
      row: 0,
      column: '',
      value: '',
      reason: err.message,
    });
    catalogueRead.report.problemCount += 1;
    catalogueRead.report.fatal = err.message;
    catalogue = [];
    matcher = createFailureModeMatcher(catalogue);
  }
  take(catalogueRead);
  const { file: journalFile, sheet: journalSheet, fatal: journalFatal } = journal.report;
  take({
    report: journal.report,
    problems: journalFatal
      ? [{ file: journalFile, sheet: journalSheet, row: 0, column: '', value: '', reason: journalFatal }]
      : [],
  });
  const volumesRead = input.sources.productionVolumes
    ? await readProductionVolumes(deps.backendFor(input.sources.productionVolumes.ref), input.sources.productionVolumes)
    : null;

  const spill = await createEventSpill({ dir: deps.tmpDir ?? tmpdir(), buckets: deps.buckets ?? 32, matcher });
  try {
    const eventReports: QualitySourceReport[] = [];
    for (const spec of input.sources.qualityEvents) {
      const r = await streamQualityEvents(deps.backendFor(spec.ref), spec, { from, to }, (e) => {
        // Synchronous unless a bucket chunk is being written: no promise per event.
        const writing = spill.add(e);
        if (spill.count % 20_000 === 0) reportProgress({ phase: 'read', events: spill.count });
        return writing;
      });
      eventReports.push(r.report);
      take(r);
    }
    if (volumesRead) take(volumesRead);
    if (input.sources.qualityEvents.length === 0) {
      blocking.push(en ? 'no quality-event source is configured' : '未配置质量信息来源（sources.qualityEvents）');
    }

    const order = new Map(eventReports.map((r, i) => [`${r.file}\u0000${r.sheet}`, i]));
    const compareRefs = compareRowRefs((ref) => order.get(`${ref.file}\u0000${ref.sheet}`) ?? order.size);
    const acc = createQualityAccumulator(input.period, {
      priorMonths: o.priorMonths,
      repeatWindowDays: o.repeatWindowDays,
      productionVolumes: volumesRead?.value ?? [],
    });
    const cleaned = await cleanInBuckets(spill, acc, {
      dedupeWindowDays: o.dedupeWindowDays,
      compareRefs,
      onBucket: (bucket) => reportProgress({ phase: 'clean', bucket }),
    });
    const aggregates = acc.finish();
    const views = buildDepartmentViews(aggregates, input.routing, {
      unmapped: cleaned.unmapped,
      ...(input.supplierRecovery ? { supplierRecovery: input.supplierRecovery } : {}),
    });

    problemTotal += cleaned.stats.invalid;
    for (const p of cleaned.problems) if (problems.length < MAX_PROBLEMS) problems.push(p);
    if (o.policy === 'stop-on-error' && problemTotal > 0 && blocking.length === 0) {
      blocking.push(
        en
          ? `${problemTotal} problem(s) in the sheets (see the problem list); correct them first`
          : `表格中有 ${problemTotal} 处数据问题（见问题清单），请先更正`,
      );
    }
    const register = input.sources.incidentRegister;
    const incidents = register
      ? await readIncidentsOfMonth(deps.backendFor(register.ref), register, input.period)
      : undefined;
    const outOfWindow = eventReports.reduce((s, r) => s + (r.outsideWindow ?? 0), 0) + aggregates.totals.outOfWindow;
    const compilation: QualityCompilation = {
      period: input.period,
      round: input.round,
      months,
      sources: reports,
      sourcesHash,
      counts: {
        rows: eventReports.reduce((s, r) => s + r.validRows, 0),
        events: aggregates.totals.windowCount,
        reportMonthEvents: aggregates.totals.count,
        duplicatesRemoved: cleaned.stats.duplicatesRemoved,
        unmappedTexts: cleaned.unmapped.length,
        unmappedEvents: cleaned.stats.unmappedEvents,
        problems: problemTotal,
        outOfWindow,
      },
      catalogue: { entries: catalogue.length, classified: folded.applied, setAside: folded.setAside },
      volumes: { rows: volumesRead?.value.length ?? 0 },
      unmapped: cleaned.unmapped,
      merged: cleaned.merged,
      problems,
      blocking,
      aggregates,
      views,
      ...(incidents ? { incidents } : {}),
    };
    const compilationRef = await deps.work.putJson(compilation);
    const problemReport =
      problemTotal > 0
        ? await deps.archive.putDocument(
            await qualityProblemReportXlsx(input.period, problems, problemTotal, reports),
            {
              workflowId: input.workflowId,
              runId: input.runId,
              period: input.period,
              kind: 'quality-problems',
              fileName: `质量信息数据问题 ${input.period} 第${input.round}轮.xlsx`,
              title: en ? `Quality data problems ${input.period}` : `质量信息数据问题清单 ${input.period}`,
              recipients: [],
              contentType: XLSX,
            },
          )
        : undefined;
    return {
      compilationRef,
      sourcesHash: compilation.sourcesHash,
      counts: compilation.counts,
      blocking: blocking.slice(0, 10),
      ...(problemReport ? { problemReport } : {}),
      topUnmapped: cleaned.unmapped.slice(0, 5).map((u) => u.text),
      ...(cleaned.unmapped.length > 0 || folded.setAside.length > 0
        ? {
            review: {
              ...reviewUnmappedTexts(cleaned.unmapped, catalogue),
              setAside: folded.setAside.slice(0, 10),
              journal: `${journalFile} › ${journalSheet}`,
            },
          }
        : {}),
    };
  } finally {
    await spill.dispose();
  }
}

/** Fingerprints of every configured source, hashed like a compilation's `sourcesHash` (a cheap re-read). */
export async function checkQualitySourcesHash(
  deps: Pick<CompileDeps, 'backendFor'>,
  sources: QualitySources,
): Promise<string> {
  const reports: SourceIdentity[] = [];
  for (const { role, ref } of allSources(sources)) {
    const backend = deps.backendFor(ref);
    const wanted = ref.kind === 'excel' ? ref.sheet : ref.tab;
    let sheet = wanted ?? '';
    let fingerprint = '';
    try {
      sheet = wanted ?? (await backend.listSheets(ref))[0] ?? '';
      const sheetRef: TableRef = ref.kind === 'excel' ? { ...ref, sheet } : { ...ref, tab: sheet };
      fingerprint = (await backend.fingerprint(sheetRef)).value;
    } catch (err) {
      // A source still missing or unreadable keeps the empty fingerprint a fatal read recorded.
      if (!(err instanceof AppError && err.permanent)) throw err;
    }
    reports.push({ role, file: sourceFile(ref), sheet, fingerprint });
  }
  return sourcesHashOf(reports);
}
