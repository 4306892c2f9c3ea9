/**
 * The parent's first activity: store the run settings, read and validate the dealer list and the transactions,
 * split the valid dealers into work-store shards, list them in a manifest, and archive a problem report (xlsx:
 * file, sheet, row, column, value, reason, dealer) when rows are bad. Dealers with problems are held back; the
 * others proceed. Only counts and references are returned.
 */
import ExcelJS from 'exceljs';
import { heldBackResult, summarizeFinance } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import { addTableSheet } from '../sheets/excel/sheet-builder';
import type { LedgerSnapshots } from './ledger-snapshot';
import type { DunningSettings, ManifestEntry, PrepareRunResult } from './types';
import { periodBounds } from '../../domain/calendar';

export interface PrepareDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  snapshots: LedgerSnapshots;
  archive: { putDocument(bytes: Uint8Array, meta: ArchiveMeta): Promise<ArchiveRef> };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function problemReportXlsx(
  period: string,
  problems: readonly { dealerId: string; heldBack: boolean; problem: CellProblem }[],
  when: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aftersales-ops';
  wb.created = when;
  wb.modified = when;
  addTableSheet(
    wb,
    `数据问题 ${period}`,
    ['文件 File', '工作表 Sheet', '行 Row', '列 Column', '值 Value', '问题 Problem', '经销商 Dealer', '处理 Action'],
    problems.map(({ dealerId, heldBack, problem: p }) => [
      p.file,
      p.sheet,
      p.row,
      p.column,
      p.value,
      p.reason,
      dealerId || '—',
      heldBack ? '本月暂缓对账催款 held back' : '请更正 please correct',
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function createPrepareActivities(deps: PrepareDeps) {
  return {
    /**
     * Reads and validates the month's dealer data (see module doc). Side effects: work-store blobs and, when there
     * are problems, one archived problem report (the archive is idempotent per file name and content). Retries:
     * unreadable sources (missing file, locked) are retried; bad rows are reported, never thrown.
     */
    async prepareDunningRun(input: {
      /** asOf defaults to the last day of the period. */
      settings: Omit<DunningSettings, 'asOf'> & { asOf?: string };
      workflowId: string;
      runId: string;
    }): Promise<PrepareRunResult> {
      const s: DunningSettings = {
        ...input.settings,
        asOf: input.settings.asOf ?? periodBounds(input.settings.period).to,
      };
      const settingsRef = await deps.work.putJson(s);
      const snap = await deps.snapshots.snapshot(s.sources, s.defaultPaymentTermsDays);
      const fatal = snap.dealers.fatal || snap.transactions.fatal;
      const { problemsOf, entries, held } = splitManifest(snap, fatal);
      const heldSet = new Set(held);
      const heldBackSummary = summarizeFinance(
        held.map((id) =>
          heldBackResult(
            { dealerId: id, region: snap.dealers.byId.get(id)?.region ?? '' },
            problemsOf.get(id)?.length ?? 0,
          ),
        ),
      );
      const flat = [...problemsOf].flatMap(([dealerId, ps]) =>
        ps.map((problem) => ({ dealerId, heldBack: heldSet.has(dealerId), problem })),
      );
      flat.sort((a, b) => a.problem.file.localeCompare(b.problem.file) || a.problem.row - b.problem.row);
      let problemReport: ArchiveRef | undefined;
      if (flat.length) {
        const bytes = await problemReportXlsx(s.period, flat, new Date(`${s.asOf}T00:00:00Z`));
        problemReport = await deps.archive.putDocument(bytes, {
          workflowId: input.workflowId,
          runId: input.runId,
          period: s.period,
          kind: 'dunning-problems',
          fileName: `对账数据问题清单-${s.period}.xlsx`,
          title: `对账数据问题清单 ${s.period}`,
          recipients: [s.people.finance.email],
          contentType: XLSX,
        });
      }
      return {
        settingsRef,
        manifestRef: await deps.work.putJson(entries),
        total: entries.length,
        heldBack: held.length,
        problemCount: flat.length,
        heldBackList: held
          .slice(0, 200)
          .map((dealerId) => ({ dealerId, problems: problemsOf.get(dealerId)?.length ?? 0 })),
        heldBackSummary,
        ...(problemReport ? { problemReport } : {}),
        fatal,
      };
    },

    /** A page of the manifest, for the parent's fan-out (a few KB per page in history). */
    async readManifestSlice(input: { manifestRef: DataRef; offset: number; limit: number }): Promise<ManifestEntry[]> {
      const all = await deps.work.getJson<ManifestEntry[]>(input.manifestRef);
      return all.slice(input.offset, input.offset + input.limit);
    },
  };
}

/**
 * The run's dealers in sheet order: those with a shard and no problem go in the manifest (none when the read was
 * fatal), the others are held back with their problems.
 */
function splitManifest(
  snap: Awaited<ReturnType<LedgerSnapshots['snapshot']>>,
  fatal: boolean,
): { problemsOf: Map<string, CellProblem[]>; entries: ManifestEntry[]; held: string[] } {
  const problemsOf = new Map<string, CellProblem[]>();
  for (const source of [snap.dealers.problems, snap.transactions.problems]) {
    for (const [id, ps] of source) problemsOf.set(id, [...(problemsOf.get(id) ?? []), ...ps]);
  }
  const entries: ManifestEntry[] = [];
  const held: string[] = [];
  for (const id of snap.dealers.order) {
    const shard = snap.transactions.shardOf.get(id);
    if (shard && !problemsOf.has(id) && !fatal) entries.push({ dealerId: id, shard });
    else held.push(id);
  }
  // Dealers whose own row was refused are dealers too (held back), unlike ids that only appear in transactions.
  for (const id of snap.dealers.problems.keys()) if (id && !snap.dealers.byId.has(id)) held.push(id);
  return { problemsOf, entries, held };
}
