/**
 * `returns-watcher`: one read of the returns register (旧件退回登记). Every valid row with a return number not
 * started before starts `return-<no>`; rows with problems are reported to the old-parts warehouse keeper
 * (one mail per distinct set of problems). A Temporal Schedule runs it every 15 minutes (overlap: skip);
 * it can be run by hand at any time. Exactly one workflow per return number holds whatever happens to the
 * watcher: the start uses the workflow id with REJECT_DUPLICATE, the seen-set only saves calls.
 */
import type { RegisterScan } from '../activities/returns/scan-register';
import { returnActs, scanActs } from './return-activities';

export const RETURNS_WATCHER_WORKFLOW_ID = 'returns-watcher';

export interface ReturnsWatcherResult extends Omit<RegisterScan, 'problemsRef'> {
  /** The problems mail went out in this run (false when none, or the same problems were mailed before). */
  problemsMailed: boolean;
}

export async function returnsWatcherWorkflow(): Promise<ReturnsWatcherResult> {
  // The journals exist (header only) from the first run on, so dunning and quality can include them at once.
  await returnActs.ensureReturnJournals();
  const scan = await scanActs.scanReturnsRegister();
  let problemsMailed = false;
  if (scan.problemsRef && scan.problemsHash) {
    const sent = await returnActs.reportRegisterProblems({
      file: scan.file,
      sheet: scan.sheet,
      problemsRef: scan.problemsRef,
      problemsHash: scan.problemsHash,
    });
    problemsMailed = sent.status === 'sent';
  }
  const { problemsRef: _ref, ...summary } = scan;
  return { ...summary, problemsMailed };
}
