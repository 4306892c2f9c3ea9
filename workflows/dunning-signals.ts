/**
 * Business ids, signals and queries of the dunning workflows (对账催款): the monthly parent `dunning-2026-11`
 * and one child per dealer `dunning-2026-11-D0042`.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DealerMonthResult } from '../domain/dunning';
import type { DealerReport } from '../activities/dunning/types';
import type { Period } from '../domain/calendar';

/** `dunning-2026-11`: the month's parent workflow. */
export const dunningMonthWorkflowId = (period: Period): string => `dunning-${period}`;

/** `dunning-2026-11-D0042`: a dealer's child under the given parent id. */
export const dunningDealerWorkflowId = (parentWorkflowId: string, dealerId: string): string =>
  `${parentWorkflowId}-${dealerId}`;

/** Child → parent: the dealer's month result (sent once the statement and the first decision are done). */
export const dunningReportSignal = defineSignal<[DealerReport]>('dunningDealerReport');
/** Parent → child: report (again) to this parent id (a re-run of the month found the child still running). */
export const dunningRequestReportSignal = defineSignal<[string]>('dunningRequestReport');
/** Staff → child: a payment was recorded, look again now instead of at the next review date. */
export const dunningRecheckSignal = defineSignal('dunningRecheck');
/** Staff → child: stop following this dealer up for the month (state is already saved after every step). */
export const dunningFinishSignal = defineSignal('dunningFinish');

export interface DunningProgress {
  period: Period;
  /** awaiting-decisions: the first report is out, the run waits for dealers still deciding to build the final one. */
  phase: 'reading' | 'fan-out' | 'summary' | 'awaiting-decisions' | 'done';
  /** Dealers in the run (children + held back). */
  total: number;
  /** Reported children + held-back dealers + failed children. */
  done: number;
  heldBack: number;
  inFlight: number;
  failed: number;
  /** Continue-as-new generations so far (0 for the first run). */
  generation: number;
}

/** For the CLI's progress bar: done / total. */
export const dunningProgressQuery = defineQuery<DunningProgress>('dunningProgress');

export interface DunningDealerStatus {
  dealerId: string;
  phase: 'starting' | 'statement' | 'deciding' | 'awaiting-approval' | 'disputed' | 'waiting' | 'done';
  asOf: string;
  openFen: number;
  overdueFen: number;
  levelsSent: number[];
  nextLook?: string;
  onHold: boolean;
  disputed: boolean;
  result?: DealerMonthResult;
}

export const dunningDealerStatusQuery = defineQuery<DunningDealerStatus>('dunningDealerStatus');
