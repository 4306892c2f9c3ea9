/**
 * The registry of runnable workflows: one entry per workflow (one file each, one line below). The CLI's `run`,
 * `status` and `schedules`, and the month-end trigger's activity all read it, so a new workflow becomes runnable,
 * schedulable and visible by adding its entry here.
 */
import { ConfigError } from '../../domain/errors';
import { dunningEntry } from './dunning';
import { earlyWarningEntry } from './early-warning';
import { platformCheckEntry } from './platform-check';
import { qualityFeedbackEntry } from './quality-feedback';
import { returnEntry, returnsWatcherEntry, supplierRecoveryEntry } from './returns';
import { stocktakeEntry } from './stocktake';
import type { WorkflowEntry } from './types';

export * from './types';

export const WORKFLOWS: readonly WorkflowEntry[] = [
  stocktakeEntry,
  qualityFeedbackEntry,
  dunningEntry,
  returnsWatcherEntry,
  returnEntry,
  supplierRecoveryEntry,
  earlyWarningEntry,
  platformCheckEntry,
];

export function findEntry(name: string, registry: readonly WorkflowEntry[] = WORKFLOWS): WorkflowEntry {
  const entry = registry.find((e) => e.name === name);
  if (!entry) {
    throw new ConfigError(`unknown workflow "${name}" (known: ${registry.map((e) => e.name).join(', ')})`, { name });
  }
  return entry;
}

/** Entry name by workflow type, children included (for labelling runs in `status`). */
export function entryOfType(type: string, registry: readonly WorkflowEntry[] = WORKFLOWS): WorkflowEntry | undefined {
  return registry.find((e) => e.workflowType === type || e.childTypes?.includes(type));
}
