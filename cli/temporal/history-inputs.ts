import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';

export interface ScheduledActivity {
  eventId: number;
  activityType: string;
  /** The first argument of the activity, decoded. */
  input: unknown;
  time?: Date;
}

/**
 * The inputs of the activities a workflow scheduled, read from its history (oldest first). The CLI uses them to
 * find what a workflow already did — the link grants it issued, the mails it sent — without any side channel:
 * history is the record. `types` limits the activity types returned.
 */
export async function scheduledActivities(
  client: Client,
  workflowId: string,
  types?: readonly string[],
): Promise<ScheduledActivity[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const out: ScheduledActivity[] = [];
  for (const event of history.events ?? []) {
    const attrs = event.activityTaskScheduledEventAttributes;
    const type = attrs?.activityType?.name;
    if (!attrs || !type || (types && !types.includes(type))) continue;
    const payload = attrs.input?.payloads?.[0];
    let input: unknown;
    try {
      input = payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
    } catch {
      continue; // encoded by a converter this CLI does not know: not ours to read
    }
    const seconds = event.eventTime?.seconds;
    out.push({
      eventId: Number(event.eventId ?? 0),
      activityType: type,
      input,
      ...(seconds !== undefined && seconds !== null ? { time: new Date(Number(seconds) * 1000) } : {}),
    });
  }
  return out;
}
