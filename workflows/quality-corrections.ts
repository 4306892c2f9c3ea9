/**
 * The quality workflow's "wait for corrected sheets": an acknowledge step mailed to the supervisor ("已更正，
 * 重新汇编"), raced with a `qualityCorrected` signal (CLI/API) and a durable periodic re-read of the sheets'
 * fingerprints. Whichever comes first closes the step and the workflow compiles again. Orchestration only.
 */
import { condition, defineSignal, workflowInfo } from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common';
import { decideInternally, decisionOf, type StepSpec } from './lib/decision';
import { waitForDecision, type WaitOptions } from './lib/wait-for-decision';

export interface QualityCorrectedSignal {
  /** Who says the sheets are corrected (shown in history), e.g. "cli:li". */
  by?: string;
  note?: string;
}

/** "The sheets are corrected, compile again" from the CLI or an API, as an alternative to the mailed link. */
export const qualityCorrectedSignal = defineSignal<[QualityCorrectedSignal?]>('qualityCorrected');

export type CorrectionTrigger = 'link' | 'signal' | 'sheets-changed';

export interface CorrectionWait {
  spec: StepSpec;
  wait: Omit<WaitOptions, 'deadline' | 'onTimeout'>;
  /** Hash of the sources as compiled; a different hash means someone edited a sheet. */
  sourcesHash: string;
  recheckEvery: Duration;
  checkSources: () => Promise<{ sourcesHash: string }>;
  /** The pending signal, if any (read and cleared by this wait). */
  takeSignal: () => QualityCorrectedSignal | null;
  hasSignal: () => boolean;
}

/** Past this many history events the fingerprint poll stops (links and the signal still work). */
const POLL_HISTORY_LIMIT = 20_000;

export async function waitForCorrections(w: CorrectionWait): Promise<{ trigger: CorrectionTrigger; by: string }> {
  const stepId = w.spec.stepId;
  const decided = () => decisionOf(stepId) !== undefined;
  const waiting = waitForDecision(w.spec, w.wait);
  const every = Math.max(1, msToNumber(w.recheckEvery));
  let trigger: CorrectionTrigger = 'link';
  while (!decided()) {
    const polling = workflowInfo().historyLength < POLL_HISTORY_LIMIT;
    if (polling) await condition(() => decided() || w.hasSignal(), every);
    else await condition(() => decided() || w.hasSignal());
    if (decided()) break;
    const signal = w.takeSignal();
    if (signal) {
      trigger = 'signal';
      decideInternally(stepId, { action: 'acknowledge', by: signal.by ?? 'system:signal', comment: signal.note });
      break;
    }
    if (!polling) continue;
    const now = await w.checkSources();
    if (now.sourcesHash !== w.sourcesHash && !decided()) {
      trigger = 'sheets-changed';
      decideInternally(stepId, { action: 'acknowledge', by: 'system:sheets-changed', comment: 'sheets changed' });
    }
  }
  const outcome = await waiting;
  return { trigger: outcome.decision.meta?.via === 'system' ? trigger : 'link', by: outcome.decision.decidedBy };
}
