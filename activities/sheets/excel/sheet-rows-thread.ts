/**
 * Reads a large sheet in a worker thread: the zip inflate, the XML tokenizer and the cell values (streamSheetRows)
 * run there while the caller parses, checks and stores the rows it already has, so a read of a 128 MB sheet part uses
 * both cores instead of one; merged ranges are scanned for here while the thread starts, and filled in here. Rows
 * arrive in order, exactly as streamSheetRows gives them (structured clone keeps strings, numbers, booleans, dates and
 * nulls); an error in the thread is raised here with its message, code and (for an AppError) its context, after the
 * rows read before it.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../domain/errors';
import type { CellValue } from '../../../domain/sheets/cell-value';
import type { RawRow } from '../types';
import { finishRow, MergeFiller } from './stream-rows';
import { scanMergeRanges } from './workbook-parts';
import type { ZipEntry } from './zip-reader';

export interface SheetThreadJob {
  path: string;
  entries: ZipEntry[];
  /** Zip part of the sheet, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
  date1904?: boolean;
}

export type ThreadError =
  | { app: true; code: string; message: string; context: Record<string, unknown>; permanent: boolean }
  | { app: false; message: string; name?: string; code?: string; errno?: number; syscall?: string; stack?: string };

/** `flat`: rows as row number, cell count, then the cells, repeated (see the thread's body). */
export type ThreadMessage = { flat: unknown[] } | { done: true } | { error: ThreadError };

const ENTRY = join(__dirname, 'sheet-rows-thread-entry.js');

function reviveError(d: ThreadError): Error {
  if (d.app) return new AppError(d.code, d.message, d.context, d.permanent);
  const err = Object.assign(new Error(d.message), { code: d.code, errno: d.errno, syscall: d.syscall });
  if (d.name) err.name = d.name;
  if (d.stack) err.stack = d.stack;
  return err;
}

/** streamSheetRows (merged ranges filled) read in a worker thread; stopping early (return/throw) ends the thread. */
export async function* streamSheetRowsInThread(job: SheetThreadJob): AsyncGenerator<RawRow> {
  // execArgv [] : the entry registers its own TypeScript loader; the parent's flags (inspector, --cpu-prof) stay out.
  // A larger young generation for the thread: nearly everything it allocates (chunk text, cell strings, batches) dies
  // young, and scavenges of a bigger space cost less in all (200,000 rows: ~0.7 s less CPU, a few MB more RSS).
  const worker = new Worker(ENTRY, { workerData: job, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 48 } });
  const batches: unknown[][] = [];
  let done = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: ThreadMessage) => {
    if ('flat' in m) batches.push(m.flat);
    else if ('done' in m) done = true;
    else failure ??= reviveError(m.error);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code) => {
    if (!done) failure ??= new Error(`the sheet reader thread for ${job.part} stopped (exit code ${code})`);
    notify();
  });
  try {
    // The merged ranges are found here (a quick scan of the part) while the thread loads its modules.
    const entry = job.entries.find((e) => e.name === job.part);
    const merges = entry ? await scanMergeRanges(job.path, entry) : [];
    const filler = merges.length ? new MergeFiller(merges) : null;
    for (;;) {
      const batch = batches.shift();
      if (batch) {
        worker.postMessage('taken');
        for (let i = 0; i < batch.length;) {
          const rowNumber = batch[i] as number;
          const n = batch[i + 1] as number;
          const cells = batch.slice(i + 2, i + 2 + n) as CellValue[];
          i += 2 + n;
          yield filler ? finishRow(filler, rowNumber, cells) : { rowNumber, cells };
        }
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
