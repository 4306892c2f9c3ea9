/**
 * Freezes the stock ledger (库存台账) of one warehouse at the cut-off: reads it through the table backend with
 * the shared schema, keeps the warehouse's lines (and the ad hoc scope), refuses duplicates, and stores the
 * snapshot in the work store and the archive (with its SHA-256). Problems become a report, not a half snapshot.
 */
import { canonicalJson } from '../archive/canonical-json';
import { ValidationError, type CellProblem } from '../../domain/errors';
import { keyOfLine, type LedgerLine } from '../../domain/stocktake';
import { readLedgerSource, type LedgerRead } from './read-ledger-source';
import { withSharedRead } from './share-ledger-read';
import { offerSnapshot } from './share-snapshot';
import {
  backendFor,
  readGuarded,
  safeFileName,
  writeProblemReport,
  type StocktakeActivityDeps,
} from './stocktake-deps';
import type { SnapshotInput, SnapshotOutcome, StocktakeScope, StoredSnapshot } from './types';

export const NO_ZONE = '未分区';

/** What the snapshot keeps of the ledger read besides its lines. */
type LedgerInfo = Pick<LedgerRead, 'file' | 'sheet' | 'headerRow' | 'fingerprint'>;

export function inScope(line: Pick<LedgerLine, 'zone' | 'location'>, scope: StocktakeScope | undefined): boolean {
  if (!scope) return true;
  const norm = (s: string) => s.normalize('NFKC').trim();
  if (scope.zones?.length && !scope.zones.some((z) => norm(z) === norm(line.zone))) return false;
  const exact = scope.locations ?? [];
  const prefixes = scope.locationPrefixes ?? [];
  if (exact.length || prefixes.length) {
    const loc = norm(line.location);
    return exact.some((l) => norm(l) === loc) || prefixes.some((p) => loc.startsWith(norm(p)));
  }
  return true;
}

function duplicateProblems(lines: readonly LedgerLine[]): CellProblem[] {
  const first = new Map<string, LedgerLine>();
  const out: CellProblem[] = [];
  for (const l of lines) {
    const key = keyOfLine(l);
    const seen = first.get(key);
    if (!seen) first.set(key, l);
    else
      out.push({
        file: l.source?.file ?? '',
        sheet: l.source?.sheet ?? '',
        row: l.source?.row ?? 0,
        column: '库位',
        value: `${l.location} / ${l.partNo}`,
        reason: `同一仓库/库位/配件重复，首次出现在第 ${seen.source?.row ?? '?'} 行 / duplicate line, first at row ${seen.source?.row ?? '?'}`,
      });
  }
  return out;
}

export async function snapshotLedger(deps: StocktakeActivityDeps, input: SnapshotInput): Promise<SnapshotOutcome> {
  const backend = backendFor(deps, input.ledger.ref);
  // The movements table is read only after the counts; a wrong path must stop the stocktake now, not then.
  if (input.movements) await backendFor(deps, input.movements.ref).listSheets(input.movements.ref);
  const locale = input.locale ?? 'zh-CN';
  const reportMeta = {
    workflowId: input.workflowId,
    runId: input.runId,
    period: input.period,
    warehouse: input.warehouse.id,
    recipients: [],
  };
  const reportPath = `${input.outputDir}/${safeFileName(`台账问题 ${input.period} ${input.warehouse.name} (${input.attempt}).xlsx`)}`;
  let table: LedgerInfo;
  let lines: LedgerLine[];
  try {
    // The ledger's rows are kept only while the warehouses' lines are taken from them.
    ({ table, lines } = await withSharedRead(
      deps,
      input.ledger,
      locale,
      () =>
        readGuarded(backend, input.ledger.ref, () =>
          readLedgerSource((ref) => backendFor(deps, ref), input.ledger, { locale }),
        ),
      async ({ file, sheet, headerRow, fingerprint, ...read }) => ({
        table: { file, sheet, headerRow, fingerprint },
        lines: warehouseLines(read.rows, input),
      }),
    ));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const count = Number(err.context.count ?? err.problems.length);
    const problems = await writeProblemReport(deps, err.problems, {
      relPath: reportPath,
      meta: reportMeta,
      locale,
      problemCount: count,
    });
    return { ok: false, problems };
  }

  const dups = duplicateProblems(lines);
  if (dups.length) {
    return {
      ok: false,
      problems: await writeProblemReport(deps, dups, { relPath: reportPath, meta: reportMeta, locale }),
    };
  }
  if (lines.length === 0) {
    const problem = noLinesProblem(table, input);
    return {
      ok: false,
      problems: await writeProblemReport(deps, [problem], { relPath: reportPath, meta: reportMeta, locale }),
    };
  }

  return storeSnapshot(deps, input, table, lines, reportMeta);
}

/**
 * The ledger rows of the stocktake's warehouse (and scope), as snapshot lines. Each line is built with its keys in
 * code-unit order, as canonical JSON writes them, so storing 50,000 lines encodes them as they are, without a
 * key-sorted copy of each.
 */
function warehouseLines(rows: LedgerRead['rows'], input: SnapshotInput): LedgerLine[] {
  const lines: LedgerLine[] = [];
  for (const { row: r, file, sheet } of rows) {
    if (r.warehouse !== input.warehouse.id) continue;
    const line: LedgerLine = {
      bookQty: r.bookQty,
      // A ledger without bin cards: the card is taken to agree with the book.
      cardQty: r.cardQty ?? r.bookQty,
      ...(r.category ? { category: r.category } : {}),
      location: r.location,
      partName: r.partName ?? '',
      partNo: r.partNo,
      source: { file, row: r.rowNumber, sheet },
      unitCostFen: r.unitCost,
      warehouse: input.warehouse.name,
      zone: r.zone?.trim() || NO_ZONE,
    };
    if (inScope(line, input.scope)) lines.push(line);
  }
  return lines;
}

/** The one problem of a warehouse (or scope) the ledger has no line for, pointing at the warehouse column. */
function noLinesProblem(table: LedgerInfo, input: SnapshotInput): CellProblem {
  return {
    file: table.file,
    sheet: table.sheet,
    row: table.headerRow ?? 1,
    column: '仓库',
    value: input.warehouse.name,
    reason: input.scope
      ? '盘点范围内没有台账行 / no ledger lines in the stocktake scope'
      : `台账中没有“${input.warehouse.name}”的行 / no ledger lines for this warehouse`,
  };
}

/** Stores the snapshot in the work store and the archive (byte-identical, so the archive's hash is the snapshot's). */
async function storeSnapshot(
  deps: StocktakeActivityDeps,
  input: SnapshotInput,
  table: LedgerInfo,
  lines: LedgerLine[],
  reportMeta: { workflowId: string; runId: string; period: string; warehouse: string; recipients: never[] },
): Promise<SnapshotOutcome> {
  const stored: StoredSnapshot = {
    period: input.period,
    warehouse: input.warehouse,
    cutoffDate: input.cutoffDate,
    source: { file: table.file, sheet: table.sheet, ref: input.ledger.ref },
    fingerprint: table.fingerprint,
    scope: input.scope ?? null,
    lines,
  };
  // The archived copy is byte-identical to the work-store blob, so its SHA-256 is the snapshot's hash (encoded once).
  const bytes = Buffer.from(canonicalJson(stored), 'utf8');
  const data = await deps.work.putCanonicalJson(bytes);
  // The count sheets are written next, from these very lines: they need not read the snapshot back.
  offerSnapshot(data, stored);
  const archive = await deps.archive.putDocument(bytes, {
    ...reportMeta,
    kind: 'stocktake-snapshot',
    fileName: safeFileName(`盘点快照 ${input.period} ${input.warehouse.name} ${input.cutoffDate}.json`),
    title: `盘点快照 ${input.period} ${input.warehouse.name}（截止 ${input.cutoffDate}）`,
    contentType: 'application/json',
  });
  const zones = new Map<string, number>();
  for (const l of lines) zones.set(l.zone, (zones.get(l.zone) ?? 0) + 1);
  return {
    ok: true,
    snapshot: {
      data,
      archive,
      lines: lines.length,
      ledgerFingerprint: table.fingerprint,
      ledgerFile: table.file,
      ledgerSheet: table.sheet,
      zones: [...zones]
        .map(([zone, n]) => ({ zone, lines: n }))
        .sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0)),
    },
  };
}
