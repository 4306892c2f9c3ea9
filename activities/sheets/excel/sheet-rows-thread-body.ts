/**
 * Body of the sheet-reader thread (see sheet-rows-thread.ts): streams the sheet part's rows with streamSheetRows
 * (merged ranges not filled: the reading side does that) and posts them in batches, keeping at most a few batches unacknowledged so the thread
 * never runs far ahead of the reader. A failure is posted as a plain description the parent turns back into an error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../domain/errors';
import type { RawRow } from '../types';
import { streamSheetRows } from './stream-rows';
import type { SheetThreadJob, ThreadError, ThreadMessage } from './sheet-rows-thread';

const BATCH_ROWS = 1000;
/** Batches posted but not yet taken by the reader: enough to keep both threads busy, little memory. */
const MAX_IN_FLIGHT = 4;

function describeError(err: unknown): ThreadError {
  if (err instanceof AppError) {
    return { app: true, code: err.code, message: err.message, context: err.context, permanent: err.permanent };
  }
  const e = err as NodeJS.ErrnoException | undefined;
  return {
    app: false,
    message: String(e?.message ?? err),
    name: e?.name,
    code: e?.code,
    errno: e?.errno,
    syscall: e?.syscall,
    stack: e?.stack,
  };
}

async function run(port: NonNullable<typeof parentPort>, job: SheetThreadJob): Promise<void> {
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
  });
  const post = async (rows: RawRow[]): Promise<void> => {
    while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    inFlight++;
    // One flat array of primitives (row number, cell count, cells...) clones in about half the time of row objects.
    const flat: unknown[] = [];
    for (const r of rows) {
      flat.push(r.rowNumber, r.cells.length);
      for (const c of r.cells) flat.push(c);
    }
    port.postMessage({ flat } satisfies ThreadMessage);
  };
  let batch: RawRow[] = [];
  // Merged ranges are filled in by the reading side, which scans for them while this thread starts.
  for await (const row of streamSheetRows(job.path, { ...job, merges: [] })) {
    batch.push(row);
    if (batch.length >= BATCH_ROWS) {
      await post(batch);
      batch = [];
    }
  }
  if (batch.length) await post(batch);
  port.postMessage({ done: true } satisfies ThreadMessage);
  port.close();
}

const port = parentPort;
if (port) {
  run(port, workerData as SheetThreadJob).catch((err: unknown) => {
    try {
      port.postMessage({ error: describeError(err) } satisfies ThreadMessage);
    } catch {
      // A context that cannot be cloned: the message and code still say what happened.
      const d = describeError(err);
      port.postMessage({ error: d.app ? { ...d, context: {} } : d } satisfies ThreadMessage);
    }
    port.close();
  });
}
