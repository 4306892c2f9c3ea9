/**
 * `aftersales audit tie-out --period 2026-11`: recomputes the figures each of the month's reports states from the
 * archived snapshots and documents, the journals the workflows wrote and the decisions in workflow history, and lists
 * every figure that does not tie out. Read-only: it renders documents again only to prove what they state.
 */
import { AuditContext, type AuditOptions, type Difference } from './audit-context';
import { checkDunning } from './check-dunning';
import { checkQuality } from './check-quality';
import { checkReturns } from './check-returns';
import { checkStocktake } from './check-stocktake';
import { type Period } from '../../domain/calendar';

export type { Difference } from './audit-context';

export interface TieOutResult {
  period: Period;
  /** Figures compared. */
  checked: number;
  differences: Difference[];
  /** Documents whose figures were compared, per kind (for the human summary). */
  documents: Record<string, number>;
}

export async function tieOut(o: AuditOptions): Promise<TieOutResult> {
  const ctx = new AuditContext(o);
  await checkReturns(ctx);
  await checkStocktake(ctx);
  await checkQuality(ctx);
  await checkDunning(ctx);
  const documents: Record<string, number> = {};
  for (const e of await ctx.entries()) documents[e.kind] = (documents[e.kind] ?? 0) + 1;
  return { period: o.period, checked: ctx.checked, differences: ctx.differences, documents };
}

/** The human report: one line per difference, then the count. */
export function tieOutText(r: TieOutResult): string {
  const lines = r.differences.map(
    (d) =>
      `  ✗ ${d.document} — ${d.figure}: states ${JSON.stringify(d.stated)}, ${d.from} gives ${JSON.stringify(d.recomputed)}`,
  );
  return [`tie-out ${r.period}: ${r.checked} figures checked, ${r.differences.length} difference(s)`, ...lines].join(
    '\n',
  );
}
