import { buildReportData, type BuildReportInput } from './build-report-data';
import { postAdjustments } from './post-adjustments';
import { readCountSheets, readSheetStatus } from './read-count-sheets';
import { reconcileCounts } from './reconcile-counts';
import { sendStocktakeMail, type SendStocktakeMailInput } from './send-stocktake-mail';
import { snapshotLedger } from './snapshot-ledger';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type {
  CountSheetInfo,
  PostAdjustmentsInput,
  ReadCountsInput,
  ReconcileInput,
  SnapshotInput,
  WriteCountSheetsInput,
} from './types';
import { writeCountSheets } from './write-count-sheets';

/**
 * The stocktake (月度盘点) activities. Tables never leave them: the workflow passes work-store DataRefs,
 * archive refs and sheet locations. Permanent faults (bad config, invalid template data, a conflicting posting)
 * fail non-retryably; I/O errors and concurrent edits (a sheet open in Excel, a ledger changed mid-write) are
 * thrown plainly so Temporal retries them later.
 */
export function createStocktakeActivities(deps: StocktakeActivityDeps) {
  return {
    /**
     * Reads the ledger, keeps the warehouse's (and scope's) lines and freezes them: work store + archive (JSON
     * with its SHA-256). Invalid ledger rows give a problem report (xlsx, archived) instead of a snapshot.
     * Idempotent: the work store and the archive are content-addressed. Read-only on the ledger.
     */
    async snapshotStocktakeLedger(input: SnapshotInput) {
      return snapshotLedger(deps, input);
    },

    /**
     * Writes the round's count sheets (new xlsx files, or new Google tabs) and archives each xlsx for the mail.
     * Idempotent: a sheet with the same content is left as it is (even while a counter is filling it in); a file
     * of the same name that this system did not write is never overwritten (permanent error).
     */
    async writeStocktakeCountSheets(input: WriteCountSheetsInput) {
      return writeCountSheets(deps, input);
    },

    /** Status cell and fingerprint of each sheet, for the durable status poll. Read-only, safe to retry. */
    async readStocktakeSheetStatus(input: { sheets: CountSheetInfo[] }) {
      return readSheetStatus(deps, input.sheets);
    },

    /**
     * Reads one counter's sheets back and validates them; valid counts go to the work store, problems to an
     * archived report (one file per attempt). Writes nothing to the count sheets. Idempotent.
     */
    async readStocktakeCounts(input: ReadCountsInput) {
      return readCountSheets(deps, input);
    },

    /** Reconciles 账/卡/物 (movements after the cut-off netted out) and plans the next recount. Pure + work store. */
    async reconcileStocktake(input: ReconcileInput) {
      return reconcileCounts(deps, input);
    },

    /** Builds the report data (draft or final) into the work store for renderDocument. Idempotent. */
    async buildStocktakeReportData(input: BuildReportInput) {
      return buildReportData(deps, input);
    },

    /**
     * Posts the approved adjustments exactly once: journal + corrected book as a new workbook next to the ledger
     * (new tabs for Google), guarded by the ledger's fingerprint (refused and retried while it is open in Excel
     * or changed during the posting; lines moved since the snapshot are adjusted by the difference) and recorded in the
     * audit log with the journal's content hash; a second call returns 'already-posted' and writes nothing, and
     * a different journal under the same document numbers is refused (PostingConflict).
     */
    async postStocktakeAdjustments(input: PostAdjustmentsInput) {
      return postAdjustments(deps, input);
    },

    /** Sends a stocktake report or notice; one delivery per (workflow, step, recipient) via the sent-log. */
    async sendStocktakeMail(input: SendStocktakeMailInput) {
      return sendStocktakeMail(deps, input);
    },
  };
}

export type StocktakeActivities = ReturnType<typeof createStocktakeActivities>;
