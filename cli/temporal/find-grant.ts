import type { Client } from '@temporalio/client';
import { normaliseEmail } from '../../workflows/lib/decision-types';
import { scheduledActivities } from './history-inputs';

export interface FoundGrant {
  jti: string;
  recipient: string;
  /** Epoch ms, when the activity input carried it. */
  expiresAt?: number;
  /** The activity that mailed the link (sendActionRequest, sendStatementMail, …). */
  activityType: string;
}

interface GrantLike {
  workflowId?: unknown;
  stepId?: unknown;
  jti?: unknown;
  recipient?: unknown;
  email?: unknown;
  expiresAt?: unknown;
}

/**
 * The newest link grant a workflow issued to `recipient` for `stepId`, found in the inputs of the activities that
 * mailed links (every grant's jti travels to its mail activity; the decision validator accepts only jtis the
 * workflow issued). The operator's decision then goes through the same Update and validator as a click.
 */
export async function findGrant(
  client: Client,
  workflowId: string,
  stepId: string,
  recipient: string,
): Promise<{ grant: FoundGrant | null; issuedTo: string[] }> {
  const who = normaliseEmail(recipient);
  const issuedTo = new Set<string>();
  let grant: FoundGrant | null = null;
  for (const a of await scheduledActivities(client, workflowId)) {
    const g = a.input as GrantLike | undefined;
    if (!g || typeof g !== 'object' || typeof g.jti !== 'string' || g.stepId !== stepId) continue;
    if (typeof g.workflowId === 'string' && g.workflowId !== workflowId) continue;
    const to = typeof g.recipient === 'string' ? g.recipient : typeof g.email === 'string' ? g.email : '';
    if (!to) continue;
    issuedTo.add(normaliseEmail(to));
    if (normaliseEmail(to) !== who) continue;
    grant = {
      jti: g.jti,
      recipient: normaliseEmail(to),
      ...(typeof g.expiresAt === 'number' ? { expiresAt: g.expiresAt } : {}),
      activityType: a.activityType,
    };
  }
  return { grant, issuedTo: [...issuedTo] };
}
