/** The incident's root-cause phase: what caused it, and whether the supplier is responsible. */
import { askRootCause, type StepAnswer } from './incident-steps';
import { businessDate, incidentSummary, recordEvent, type IncidentRun } from './incident-run';

/** The root-cause owner's answer, and what it decides: supplier recovery of the incident's cost, and from whom. */
export interface RootCause {
  answer: StepAnswer;
  supplierResponsible: boolean;
  /** The supplier named in the answer, else the part's first supplier (none when the part has none). */
  supplier: string | undefined;
}

/**
 * Asks the root-cause owner (link form, reminders, escalation on durable timers) and records 'root-cause' with the
 * responsibility. Side effects: the ask's mails (sent-log by step id) and one register row (idempotent by key),
 * retried while transient.
 */
export async function findRootCause(run: IncidentRun): Promise<RootCause> {
  const { input, policy, status } = run;
  status.phase = 'root-cause';
  const answer = await askRootCause(policy, incidentSummary(run), input.suppliers);
  status.rootCause = answer;
  const supplierResponsible = answer.fields.responsibility === 'supplier';
  const supplier = String(answer.fields.supplier ?? '').trim() || input.suppliers[0];
  await recordEvent(run, 'root-cause', {
    date: businessDate(run, answer.at),
    by: answer.by,
    notes: String(answer.fields.cause ?? ''),
    supplierResponsible,
    ...(supplier ? { supplier } : {}),
  });
  return { answer, supplierResponsible, supplier };
}
