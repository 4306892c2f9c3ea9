/** The incident's containment phase: the owner holds the suspect batch and says over what scope, and when. */
import { patched } from '@temporalio/workflow';
import { askContainment, type StepAnswer } from './incident-steps';
import { businessDate, incidentSummary, recordEvent, type IncidentRun } from './incident-run';
import { describeIncident } from './incident-text';

/** Patch id: the containment ask describes the opening signal only, so its mail is the same in any run. */
const CONTAINMENT_ASKS_FIRST_SIGNAL = 'containment-asks-first-signal';

/**
 * Asks the containment owner (link form, reminders, escalation to the manager on durable timers) and records
 * 'contained'. The ask describes the signal that opened the incident: which later findings the detector has
 * attached by now depends on timing (its next runs race the alert mail), and the ask's content is what the link's
 * jti and the mail's Message-ID derive from. Runs started before this change asked with the latest finding.
 * Side effects: the ask's mails (sent-log by step id) and one register row (idempotent by key), retried while
 * transient.
 */
export async function containIncident(run: IncidentRun): Promise<StepAnswer> {
  const { id, input, first, policy, status } = run;
  status.phase = 'containment';
  const containment = await askContainment(
    policy,
    patched(CONTAINMENT_ASKS_FIRST_SIGNAL)
      ? describeIncident(id, input, first, first, policy.locale)
      : incidentSummary(run),
  );
  status.containment = containment;
  await recordEvent(run, 'contained', {
    date: String(containment.fields.containedOn ?? businessDate(run, containment.at)),
    by: containment.by,
    notes: String(containment.fields.scope ?? ''),
  });
  return containment;
}
