/**
 * What an incident run knows and shows (the `incidentStatus` query): its phase, the detector's observations, every
 * step's answer and each corrective-action round. The signal handler below is the only writer of observations.
 */
import type { ArchiveRef } from '../activities/archive/types';
import type { IncidentInput, IncidentObservation } from '../activities/incidents/types';
import type { StepAnswer } from './incident-steps';

export type IncidentPhase =
  | 'alerting'
  | 'containment'
  | 'root-cause'
  | 'action'
  | 'implementing'
  | 'verifying'
  | 'verification'
  | 'closing'
  | 'closed';

export interface IncidentRound {
  round: number;
  action?: StepAnswer;
  implemented?: StepAnswer;
  /** How the round ended: a recurrence seen by the detector, the owner's verdict, or still running. */
  outcome?: 'recurred' | 'not-effective' | 'verified';
  recurrence?: IncidentObservation;
  verification?: StepAnswer;
  /** Detector checks during the verification weeks (all, and those that fired). */
  checks?: { total: number; active: number; from: string; until: string };
}

export interface IncidentStatus {
  incidentId: string;
  key: string;
  phase: IncidentPhase;
  openedOn: string;
  round: number;
  observations: { total: number; active: number; first?: IncidentObservation; latest?: IncidentObservation };
  /** Active observations (signals) in order, at most 60 kept. */
  signals: IncidentObservation[];
  containment?: StepAnswer;
  rootCause?: StepAnswer;
  rounds: IncidentRound[];
  verifyingUntil?: string;
  documents: { evidence?: ArchiveRef; closing?: ArchiveRef };
  closedOn?: string;
}

export interface IncidentOutcome {
  incidentId: string;
  key: string;
  openedOn: string;
  closedOn: string;
  rounds: number;
  recurrences: number;
  supplierResponsible: boolean;
  supplier?: string;
  costFen: number;
  observations: number;
  evidence: ArchiveRef;
  closingReport: ArchiveRef;
}

/**
 * What the signal handler feeds while a verification period runs: checks from `from` on, and the first that fired.
 * An object, so the verification's `condition` sees the handler's updates.
 */
export interface RecurrenceWatch {
  from: string | null;
  recurrence: IncidentObservation | null;
  total: number;
  active: number;
}

const MAX_SIGNALS = 60;

export function newIncidentStatus(incidentId: string, input: IncidentInput): IncidentStatus {
  return {
    incidentId,
    key: input.key,
    phase: 'alerting',
    openedOn: input.openedOn,
    round: 0,
    observations: { total: 0, active: 0 },
    signals: [],
    rounds: [],
    documents: {},
  };
}

export function newRecurrenceWatch(): RecurrenceWatch {
  return { from: null, recurrence: null, total: 0, active: 0 };
}

/**
 * The `incidentObservation` signal handler: counts each detector day once (a retried route or a re-run of the same
 * day attaches nothing new), keeps the active ones as signals, and feeds a running verification's watch.
 */
export function observationHandler(status: IncidentStatus, watch: RecurrenceWatch): (o: IncidentObservation) => void {
  const seen = new Set<string>();
  return (o) => {
    if (!o || typeof o.asOf !== 'string' || seen.has(o.asOf)) return;
    seen.add(o.asOf);
    const obs = status.observations;
    obs.total++;
    obs.latest = o;
    if (o.active) {
      obs.active++;
      obs.first ??= o;
      if (status.signals.length < MAX_SIGNALS) status.signals.push(o);
    }
    if (watch.from !== null && o.asOf >= watch.from) {
      watch.total++;
      if (o.active) {
        watch.active++;
        watch.recurrence ??= o;
      }
    }
  };
}
