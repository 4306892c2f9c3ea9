/**
 * TableBackend over Excel workbooks in a (shared) folder. Reads stream through exceljs' WorkbookReader (patched for
 * UTF-8, memory flat in row count); writes add new tabs through an atomic, idempotent, concurrency-checked rewrite,
 * into the source workbook when exceljs can rewrite it without loss, else into a companion workbook beside it.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { AppError } from '../../../domain/errors';
import type { RawRow, SourceFingerprint, TableBackend, TableRef } from '../types';
import type { WritableCell } from '../content-hash';
import { META_SHEET } from './meta-sheet';
import { classifyZip, isCorruptionError, sniffWorkbook, UnreadableWorkbookError } from './sniff-workbook';
import { fileFingerprint } from './source-guard';
import { streamSheetRowsInThread } from './sheet-rows-thread';
import { streamSheetRows } from './stream-rows';
import { assertExcelUtf8Safe } from './utf8-guard';
import { readWorkbookStructure, rewriteRisks, scanMergeRanges, type SheetInfo } from './workbook-parts';
import { writeResultTab } from './write-result-tab';

export interface ExcelBackendOptions {
  /** Folder holding the workbooks; relative paths resolve here and paths outside it are refused. */
  root?: string;
  now?: () => Date;
  /**
   * Where result tabs go: 'same-workbook' (default) rewrites the source when that loses nothing (no charts,
   * pivots, macros, drawings, sheet extensions; size under `rewriteMaxBytes`), otherwise a companion workbook;
   * 'companion' always uses the companion workbook.
   */
  results?: 'same-workbook' | 'companion';
  rewriteMaxBytes?: number;
  /** Companion file name for a source file name; default "<stem>（结果）.xlsx". */
  companionName?: (sourceFileName: string) => string;
  keepBackups?: number;
  /**
   * Sheet parts at least this large (uncompressed bytes) are read in a worker thread, in parallel with the caller's
   * work on the rows (default 8 MB, about 12,000 rows of 17 columns; a thread costs ~0.3 s to start).
   */
  threadedReadMinBytes?: number;
}

export interface ExcelWriteResult {
  written: boolean;
  rows: number;
  /** Where the tab was written (the source workbook or its companion). */
  target: TableRef;
  /** Fingerprint of the target workbook after the write. */
  fingerprint: SourceFingerprint;
  backupPath: string | null;
  /** Why the companion workbook was used instead of the source, when it was. */
  companionReason?: string;
}

export interface ExcelBackend extends TableBackend {
  /**
   * Writes `rows` as a new tab `tab`. Side effects: rewrites the source workbook (or its companion) atomically via a
   * temp file + rename, keeping the previous version in `.bak/`. Idempotent: the same tab content already written
   * is a no-op (`written: false`); different content replaces only a tab this system wrote, never a user's sheet
   * (AppError TabExists, permanent). Retries: ConcurrentEditError (not permanent) when the workbook is open in
   * Excel/LibreOffice or someone else changed it since `expect` was read; our own earlier writes do not count.
   */
  writeTable(
    ref: TableRef,
    tab: string,
    header: string[],
    rows: WritableCell[][],
    opts?: { expect?: SourceFingerprint },
  ): Promise<ExcelWriteResult>;
  /** Absolute path a ref points to (inside `root`). */
  resolvePath(ref: TableRef): string;
}

const defaultCompanion = (name: string): string => `${name.slice(0, name.length - extname(name).length)}（结果）.xlsx`;

export function createExcelBackend(opts: ExcelBackendOptions = {}): ExcelBackend {
  const root = opts.root ? resolve(opts.root) : undefined;
  const now = opts.now ?? (() => new Date());
  const rewriteMaxBytes = opts.rewriteMaxBytes ?? 10 * 1024 * 1024;
  const companionName = opts.companionName ?? defaultCompanion;
  const threadedReadMinBytes = opts.threadedReadMinBytes ?? 8 * 1024 * 1024;

  function resolvePath(ref: TableRef): string {
    if (ref.kind !== 'excel')
      throw new AppError('WrongBackend', `the Excel backend cannot open a ${ref.kind} table`, { ref });
    const p = root ? resolve(root, ref.path) : resolve(ref.path);
    if (root) {
      const rel = relative(root, p);
      if (rel.startsWith('..') || isAbsolute(rel)) {
        throw new AppError('PathOutsideRoot', `${ref.path} is outside the spreadsheet folder ${root}`, {
          path: ref.path,
        });
      }
    }
    return p;
  }

  /** Workbook structure; a file that is not a readable .xlsx is refused here, before any parser sees it. */
  async function structureOf(path: string): Promise<Awaited<ReturnType<typeof readWorkbookStructure>>> {
    try {
      await sniffWorkbook(path);
      const structure = await readWorkbookStructure(path);
      const wrong = classifyZip(
        path,
        structure.entries.map((e) => e.name),
      );
      if (wrong) throw wrong;
      return structure;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('SourceNotFound', `${basename(path)} not found in ${dirname(path)}`, { path });
      }
      if (!(e instanceof UnreadableWorkbookError) && isCorruptionError(e)) {
        throw new UnreadableWorkbookError(path, 'corrupt', (e as Error).message);
      }
      throw e;
    }
  }

  /** Sheets a person works in: visible grids, in workbook order. Hidden, very hidden and chart sheets are never
   * chosen by default (they can still be named explicitly, except chart sheets, which have no cells). */
  function defaultSheets(sheets: SheetInfo[]): SheetInfo[] {
    return sheets.filter((s) => s.name !== META_SHEET && s.type === 'worksheet' && s.state === 'visible');
  }

  function pickSheet(path: string, sheets: SheetInfo[], wanted?: string): SheetInfo {
    const grids = sheets.filter((s) => s.name !== META_SHEET && s.type === 'worksheet');
    const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();
    const hit =
      wanted === undefined
        ? defaultSheets(sheets)[0]
        : (grids.find((s) => s.name === wanted) ?? grids.find((s) => norm(s.name) === norm(wanted)));
    if (!hit) {
      const chart = wanted !== undefined && sheets.find((s) => s.type !== 'worksheet' && norm(s.name) === norm(wanted));
      const listed = defaultSheets(sheets)
        .map((s) => s.name)
        .join(', ');
      throw new AppError(
        'SheetNotFound',
        chart
          ? `${basename(path)}: "${wanted}" is a chart sheet, it has no rows to read (sheets: ${listed})`
          : wanted === undefined
            ? `${basename(path)}: no visible worksheet to read (name a sheet in the config)`
            : `${basename(path)}: no sheet "${wanted}" (sheets: ${listed})`,
        { path, sheet: wanted },
      );
    }
    return hit;
  }

  async function chooseTarget(source: string): Promise<{ target: string; reason?: string }> {
    const companion = join(dirname(source), companionName(basename(source)));
    if (opts.results === 'companion') return { target: companion, reason: 'configured' };
    const info = await stat(source).catch(() => null);
    if (!info) return { target: source };
    if (info.size > rewriteMaxBytes) return { target: companion, reason: `larger than ${rewriteMaxBytes} bytes` };
    const risks = await rewriteRisks(source, await structureOf(source));
    return risks.length ? { target: companion, reason: `contains ${risks.join(', ')}` } : { target: source };
  }

  return {
    resolvePath,

    async listSheets(ref) {
      const path = resolvePath(ref);
      return defaultSheets((await structureOf(path)).sheets).map((s) => s.name);
    },

    async *readRows(ref): AsyncGenerator<RawRow> {
      await assertExcelUtf8Safe();
      const path = resolvePath(ref);
      const structure = await structureOf(path);
      const sheet = pickSheet(path, structure.sheets, ref.kind === 'excel' ? ref.sheet : undefined);
      const entry = structure.entries.find((e) => e.name === sheet.part);
      if (!entry) {
        throw new AppError(
          'UnsupportedWorkbook',
          `${basename(path)}: sheet "${sheet.name}" (${sheet.part}) is missing from the file`,
          { path },
        );
      }
      try {
        if (entry.size >= threadedReadMinBytes) {
          yield* streamSheetRowsInThread({
            path,
            entries: structure.entries,
            part: sheet.part,
            date1904: structure.date1904,
          });
          return;
        }
        const merges = await scanMergeRanges(path, entry);
        yield* streamSheetRows(path, {
          entries: structure.entries,
          part: sheet.part,
          merges,
          date1904: structure.date1904,
        });
      } catch (e) {
        // A damaged deflate stream or broken XML inside the package: permanent, named, with what to do.
        if (isCorruptionError(e)) throw new UnreadableWorkbookError(path, 'corrupt', (e as Error).message);
        throw e;
      }
    },

    async fingerprint(ref) {
      return { ref, value: await fileFingerprint(resolvePath(ref)) };
    },

    async writeTable(ref, tab, header, rows, writeOpts = {}) {
      const source = resolvePath(ref);
      const { target, reason } = await chooseTarget(source);
      const at = now();
      const r = await writeResultTab({
        source,
        target,
        tab,
        header,
        rows,
        expect: writeOpts.expect?.value,
        now: at,
        keepBackups: opts.keepBackups,
      });
      const targetRef: TableRef = {
        kind: 'excel',
        path: root ? relative(root, target) : target,
        sheet: tab,
      };
      return {
        written: r.written,
        rows: r.rows,
        target: targetRef,
        fingerprint: { ref: { kind: 'excel', path: targetRef.path }, value: r.fingerprint },
        backupPath: r.backupPath,
        ...(reason ? { companionReason: reason } : {}),
      };
    },
  };
}
