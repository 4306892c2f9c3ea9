/**
 * What every demo driver shares: the config, a Temporal client, the outbox as everybody's inbox, the printer,
 * and the record of what ran and what was clicked (for the summary and the end-to-end test).
 */
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../../config/load-config';
import type { Mailbox } from './mailbox';
import { type Period } from '../../domain/calendar';

export interface DemoClick {
  who: string;
  email: string;
  action: string;
  workflowId: string;
  stepId: string;
  url: string;
  /** HTTP status of the POST: 200 decided, 409 someone (or the sheet) decided first. */
  status: number;
}

export type RunStatus = 'completed' | 'already-done' | 'skipped' | 'failed';

export interface DemoRun {
  /** Section of the month-end, e.g. "stocktake". */
  section: string;
  workflowId: string;
  status: RunStatus;
  /** One line: the outcome in words, e.g. "posted, 3 rounds, 4 variances". */
  outcome: string;
}

export interface DemoScale {
  /** Label printed in the header, e.g. "full" or "small". */
  name: string;
  /** Stocktake lines deliberately miscounted in round 1 per warehouse; half of them are real shortages. */
  miscounts: number;
}

export interface DemoContext {
  cfg: LoadedConfig;
  client: Client;
  mailbox: Mailbox;
  period: Period;
  scale: DemoScale;
  /** How long one wait for a workflow step or mail may take before the demo gives up. */
  stepTimeoutMs: number;
  log: (line: string) => void;
  clicks: DemoClick[];
  runs: DemoRun[];
  /** Names of people outside the config (dealers) by lower-case address, added by the drivers. */
  names: Map<string, string>;
  /** Activity names the worker has (undefined: a worker elsewhere, assume everything is wired). */
  activities?: Set<string>;
}

/** Display name for an address: dealers the drivers met, the config's people, counters, approvers, suppliers. */
export function personName(ctx: Pick<DemoContext, 'cfg' | 'names'>, email: string): string {
  const e = email.toLowerCase();
  const known = ctx.names.get(e);
  if (known) return known;
  const cfg = ctx.cfg;
  const people = [
    ...Object.values(cfg.people).filter((p): p is { name: string; email: string } => !!p),
    ...(cfg.stocktake?.warehouses.flatMap((w) => w.counters) ?? []),
    ...(cfg.stocktake?.approvalTiers.map((t) => t.approver) ?? []),
  ];
  const hit = people.find((p) => p.email.toLowerCase() === e);
  if (hit) return hit.name;
  const supplier = cfg.returns?.suppliers.find((s) => s.email?.toLowerCase() === e);
  if (supplier) return `${supplier.name} ${supplier.contact ?? ''}`.trim();
  const dept = Object.values(cfg.departments).find((d) => d.emails.some((x) => x.toLowerCase() === e));
  return dept ? dept.name : email;
}

export function record(ctx: DemoContext, run: DemoRun): DemoRun {
  ctx.runs.push(run);
  const mark = { completed: '✓', 'already-done': '↺', skipped: '–', failed: '✗' }[run.status];
  ctx.log(`  ${mark} ${run.workflowId}: ${run.status === 'already-done' ? 'already done — ' : ''}${run.outcome}`);
  return run;
}

/** True when the worker has every named activity (a workflow whose activities are not wired cannot run). */
export function hasActivities(ctx: DemoContext, names: string[]): boolean {
  return !ctx.activities || names.every((n) => ctx.activities!.has(n));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
