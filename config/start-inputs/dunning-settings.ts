/**
 * The run settings of a month from the parsed config, for whoever starts the parent workflow (CLI, schedule,
 * demo). Keys the config schema does not have yet (see the dunning report) fall back to the defaults below.
 */
import { dataPath, type LoadedConfig } from '../load-config';
import { oneSheetSources, type OneSheet } from './one-sheet-source';
import { procedureFromConfig } from '../../domain/dunning';
import { ConfigError } from '../../domain/errors';
import type { TableRef } from '../../activities/sheets/types';
import { returnsSettingsFromConfig } from './returns-settings';
import type { DunningSettings } from '../../activities/dunning/types';
import { type Period, periodBounds } from '../../domain/calendar';

export const DUNNING_DEFAULTS = {
  defaultPaymentTermsDays: 30,
  followUpDays: 30,
  recheckDays: 7,
  statementLinkTtl: '30 days',
  concurrency: 20,
  childrenPerRun: 500,
} as const;

const absolute = (cfg: LoadedConfig, ref: TableRef): TableRef =>
  ref.kind === 'excel' ? { ...ref, path: dataPath(cfg, ref.path) } : ref;

/**
 * The dealer list and ledger, one sheet each: dunning reads one workbook and sheet per table (it also writes there:
 * 信用冻结, charges); their source options (signed amounts, 借方/贷方, vocabularies) travel with them. A list, a glob
 * or several sheets is refused with a ConfigError naming the keys.
 */
export function dunningSources(cfg: LoadedConfig): { dealers: OneSheet; transactions: OneSheet } {
  if (!cfg.sources.dealers || !cfg.sources.dealerTransactions) {
    throw new ConfigError('config `sources.dealers` and `sources.dealerTransactions` are required for dunning');
  }
  const one = oneSheetSources(
    'dunning',
    [
      { key: 'sources.dealers', source: cfg.sources.dealers },
      { key: 'sources.dealerTransactions', source: cfg.sources.dealerTransactions },
    ],
    (p) => dataPath(cfg, p),
  );
  return { dealers: one.get('sources.dealers')![0]!, transactions: one.get('sources.dealerTransactions')![0]! };
}

export function dunningSettingsFromConfig(cfg: LoadedConfig, period: Period, asOf?: string): DunningSettings {
  const d = cfg.dunning;
  if (!d) throw new ConfigError('config has no `dunning` section');
  const { dealers, transactions } = dunningSources(cfg);
  // Where return processing posts its 退货抵扣 credits (when returns are configured): read beside 往来账.
  const credits =
    cfg.sources.returns && cfg.sources.parts
      ? absolute(cfg, returnsSettingsFromConfig(cfg).targets.credits)
      : undefined;
  // Keys the config schema may not have yet (see the dunning report): read when present, defaults otherwise.
  const extra = d as typeof d &
    Partial<Record<keyof typeof DUNNING_DEFAULTS | 'chargeTermsDays', number | string>> & {
      creditHold?: { liftNeedsApproval?: boolean; liftWhenOverdueAtMost?: number; liftManualHolds?: boolean };
    };
  const base = procedureFromConfig(d);
  const hold = extra.creditHold ?? {};
  const procedure = {
    ...base,
    ...(extra.chargeTermsDays !== undefined ? { chargeTermsDays: Number(extra.chargeTermsDays) } : {}),
    creditHold: {
      ...base.creditHold!,
      ...(hold.liftNeedsApproval !== undefined ? { liftNeedsApproval: hold.liftNeedsApproval } : {}),
      ...(hold.liftWhenOverdueAtMost !== undefined ? { liftWhenOverdueAtMostFen: hold.liftWhenOverdueAtMost } : {}),
      ...(hold.liftManualHolds !== undefined ? { liftManualHolds: hold.liftManualHolds } : {}),
    },
  };
  return {
    period,
    asOf: asOf ?? periodBounds(period).to,
    procedure,
    sources: {
      dealers: dealers.ref,
      transactions: transactions.ref,
      ...(credits ? { credits } : {}),
      ...(dealers.mapping ? { dealersMapping: dealers.mapping } : {}),
      ...(transactions.mapping ? { transactionsMapping: transactions.mapping } : {}),
      ...(dealers.options ? { dealersOptions: dealers.options } : {}),
      ...(transactions.options ? { transactionsOptions: transactions.options } : {}),
    },
    people: {
      finance: cfg.people.finance,
      manager: cfg.people.manager,
      customerSupervisor: cfg.people.customerSupervisor,
      ...(cfg.people.secondApprover ? { escalateTo: cfg.people.secondApprover } : {}),
    },
    locale: cfg.locale,
    timeZone: cfg.timezone,
    defaultPaymentTermsDays: Number(extra.defaultPaymentTermsDays ?? DUNNING_DEFAULTS.defaultPaymentTermsDays),
    followUpDays: Number(extra.followUpDays ?? DUNNING_DEFAULTS.followUpDays),
    recheckDays: Number(extra.recheckDays ?? DUNNING_DEFAULTS.recheckDays),
    approvals: {
      reminders: [cfg.approvals.reminderAfter],
      escalateAfter: cfg.approvals.escalateAfter,
      linkTtl: cfg.approvals.linkTtl,
    },
    statementLinkTtl: String(extra.statementLinkTtl ?? DUNNING_DEFAULTS.statementLinkTtl),
    companyName: cfg.company.name,
  };
}
