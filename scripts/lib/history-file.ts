/**
 * Saved workflow histories (test/replay/histories/<type>/*.json): `{ workflowId, runId, history }`, the history
 * protobuf as JSON through @temporalio/proto's own toObject/fromObject, which round-trips byte for byte.
 * (historyToJSON from @temporalio/common fails on npm's layout here: two protobufjs majors, "type must be a Type".)
 * The workflow id is kept because replay must use the original one: child workflow ids derive from it.
 */
import { temporal } from '@temporalio/proto';

export type History = temporal.api.history.v1.IHistory;
const HistoryType = temporal.api.history.v1.History;

export interface SavedHistory {
  workflowId: string;
  runId: string;
  history: temporal.api.history.v1.History;
}

export function historyToFile(saved: { workflowId: string; runId: string; history: History }): string {
  const history = HistoryType.toObject(HistoryType.fromObject(saved.history), {
    longs: String,
    enums: String,
    bytes: String,
  });
  return `${JSON.stringify({ workflowId: saved.workflowId, runId: saved.runId, history })}\n`;
}

export function historyFromFile(text: string): SavedHistory {
  const raw = JSON.parse(text) as { workflowId: string; runId: string; history: Record<string, unknown> };
  return { workflowId: raw.workflowId, runId: raw.runId, history: HistoryType.fromObject(raw.history) };
}
