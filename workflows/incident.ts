/**
 * `incident-2026-11-DP-1230-异响`: one batch quality problem (批量质量问题) from the detector's signal to closure.
 *
 * Started by the daily detector with signal-with-start (one open incident per part × failure mode; later signals
 * and the daily checks attach here as `incidentObservation`). alert mail with the evidence PDF to the manager, the
 * quality department and the supplier's purchasing contact → containment → root cause (supplier responsible or
 * not) → corrective action with a due date → action done → verification: N weeks in which the detector's checks
 * must not fire again, then the owner confirms → closing report PDF, archived and mailed. A recurrence, or an
 * action found not effective, sends the incident back to a new corrective-action round.
 *
 * Every step is a link form to its owner with reminders and escalation to the manager on durable timers; every
 * state change is one row in the incident register (idempotent by key), every mail keyed by workflow + step +
 * recipient. History carries the decisions, observations (figures and references) and document references.
 */
import { defineQuery, defineSignal, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IncidentInput, IncidentObservation } from '../activities/incidents/types';
import { installDecisionHandlers } from './lib/decision';
import { alertIncident } from './incident-alert';
import { correctUntilVerified } from './incident-action';
import { closeIncident } from './incident-closing';
import { containIncident } from './incident-containment';
import { findRootCause } from './incident-root-cause';
import { openIncident } from './incident-run';
import {
  newIncidentStatus,
  newRecurrenceWatch,
  observationHandler,
  type IncidentOutcome,
  type IncidentStatus,
} from './incident-state';

export type { IncidentInput, IncidentObservation } from '../activities/incidents/types';
export type { IncidentOutcome, IncidentPhase, IncidentRound, IncidentStatus } from './incident-state';
export { incidentWorkflowId } from '../domain/early-warning/incident-key';

/** The detector's news for this incident (a new signal, or the daily check against the frozen baseline). */
export const incidentObservationSignal = defineSignal<[IncidentObservation]>('incidentObservation');

export const incidentStatusQuery = defineQuery<IncidentStatus>('incidentStatus');

/**
 * One incident from the opening signal to closure, phase by phase (each phase's side effects are in its TSDoc).
 * Every mail is keyed by workflow + step + recipient and every register row by incident + event, so activity
 * retries and replays never mail or write twice; activities retry while the fault is transient; waits for people
 * are durable timers with reminders and escalation. Fails non-retryably when started without an active signal
 * carrying evidence.
 */
export async function incidentWorkflow(input: IncidentInput): Promise<IncidentOutcome> {
  installDecisionHandlers();
  const status = newIncidentStatus(workflowInfo().workflowId, input);
  const watch = newRecurrenceWatch();
  setHandler(incidentObservationSignal, observationHandler(status, watch));
  setHandler(incidentStatusQuery, () => status);

  const run = await openIncident(input, status, watch);
  const evidence = await alertIncident(run);
  const containment = await containIncident(run);
  const cause = await findRootCause(run);
  const costFen = await correctUntilVerified(run, containment, cause);
  return closeIncident(run, cause, costFen, evidence);
}
