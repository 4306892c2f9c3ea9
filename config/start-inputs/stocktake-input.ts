/**
 * Builds the stocktake workflow's input from the parsed config, for the CLI, the schedules and the demo.
 * Pure (no I/O): `period` may be the `{period}` placeholder the month-end trigger fills in.
 */
import type { Duration } from '@temporalio/common';
import type { LoadedConfig } from '../load-config';
import type { SourceListConfig } from '../schema';
import { sourceSpecFromConfig } from './source-spec-from-config';
import { ConfigError } from '../../domain/errors';
import type { ToleranceConfig, ToleranceRule } from '../../domain/stocktake';
import type { StocktakeInput } from '../../workflows/stocktake-input';
import type { SheetSource, StocktakeScope } from '../../activities/stocktake/types';
import type { Period } from '../../domain/calendar';

export interface StocktakeStartOptions {
  period: Period;
  warehouseId: string;
  /** Ad hoc (不定期): the id tag (e.g. adhocTag('202611151030')) and the part of the warehouse to count. */
  adhoc?: { tag: string; scope?: StocktakeScope };
  cutoffDate?: string;
}

export function sheetSource(src: SourceListConfig): SheetSource {
  return sourceSpecFromConfig(src);
}

type ConfigTolerance = { absQty?: number; percent?: number; value?: number };
const rule = (t: ConfigTolerance): ToleranceRule => ({
  ...(t.absQty !== undefined ? { absQty: t.absQty } : {}),
  ...(t.percent !== undefined ? { percent: t.percent } : {}),
  ...(t.value !== undefined ? { valueFen: t.value } : {}),
});

export function stocktakeInputFromConfig(cfg: LoadedConfig, opts: StocktakeStartOptions): StocktakeInput {
  const st = cfg.stocktake;
  if (!st) throw new ConfigError('the config has no "stocktake" section');
  const wh = st.warehouses.find((w) => w.id === opts.warehouseId);
  if (!wh) {
    throw new ConfigError(
      `stocktake.warehouses has no "${opts.warehouseId}" (known: ${st.warehouses.map((w) => w.id).join(', ')})`,
    );
  }
  if (!cfg.sources.stockLedger) throw new ConfigError('sources.stockLedger is not configured');
  // byWarehouse may be keyed by id (new-parts) or name (新件库); the snapshot's lines carry the name.
  const byWarehouse: Record<string, ToleranceRule> = {};
  for (const [k, v] of Object.entries(st.tolerances.byWarehouse)) {
    byWarehouse[st.warehouses.find((w) => w.id === k)?.name ?? k] = rule(v);
  }
  const tolerances: ToleranceConfig = {
    default: rule(st.tolerances.default),
    byWarehouse,
    byCategory: Object.fromEntries(Object.entries(st.tolerances.byCategory).map(([k, v]) => [k, rule(v)])),
  };
  return {
    period: opts.period,
    warehouse: { id: wh.id, name: wh.name },
    counters: wh.counters,
    manager: cfg.people.manager,
    finance: [cfg.people.finance],
    ...(opts.cutoffDate ? { cutoffDate: opts.cutoffDate } : {}),
    ...(opts.adhoc ? { adhoc: opts.adhoc } : {}),
    ledger: sheetSource(cfg.sources.stockLedger),
    ...(cfg.sources.stockMovements ? { movements: sheetSource(cfg.sources.stockMovements) } : {}),
    blind: st.blind,
    // The config schema validated these as durations ("3 days").
    countDeadline: st.countDeadline as Duration,
    recount: { maxRounds: st.recount.maxRounds, differentCounter: st.recount.differentCounter },
    tolerances,
    approvalTiers: st.approvalTiers.map((a) => ({ approver: a.approver, maxValueFen: a.maxValue ?? null })),
    approvalReminders: [cfg.approvals.reminderAfter as Duration],
    locale: cfg.locale,
    timeZone: cfg.timezone,
  };
}
