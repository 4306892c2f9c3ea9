/**
 * The run settings of a month from the parsed config, for whoever starts the parent workflow (CLI, schedule,
 * demo). Keys the config schema does not have yet (see the dunning report) fall back to the defaults below.
 */
import { dataPath, type LoadedConfig } from '../../config/load-config';
import type { SourceListConfig } from '../../config/schema';
import type { SourceOptions } from '../../domain/sheets/source-options';
import { sourceSpecFromConfig } from '../sheets/source-spec';
import { procedureFromConfig } from '../../domain/dunning';
import { ConfigError } from '../../domain/errors';
import type { TableRef } from '../sheets/types';
import { returnsSettingsFromConfig } from '../returns/settings-from-config';
import { periodBounds } from './period';
import type { DunningSettings } from './types';

export const DUNNING_DEFAULTS = {
  defaultPaymentTermsDays: 30,
  followUpDays: 30,
  recheckDays: 7,
  statementLinkTtl: '30 days',
  concurrency: 20,
  childrenPerRun: 500,
} as const;

function tableRef(
  cfg: LoadedConfig,
  key: 'dealers' | 'dealerTransactions',
  list: SourceListConfig,
): { ref: TableRef; mapping?: Record<string, string>; options?: SourceOptions } {
  // One sheet per dunning table; its source options (signed amounts, 借方/贷方, vocabularies) travel with it.
  const spec = sourceSpecFromConfig(list, (p) => dataPath(cfg, p));
  // Dunning reads one workbook and sheet per table (it also writes there: 信用冻结, charges). Rather than read the
  // first of several and silently leave the rest out of every statement, a list, a glob or several sheets is refused.
  const { ref, mapping, options } = spec;
  const where = ref.kind === 'excel' ? [ref.path, ref.sheet ?? ''] : [ref.tab ?? ''];
  if (spec.more?.length || spec.sheets || spec.setFrom || where.some((w) => /[*?]/.test(w))) {
    throw new ConfigError(
      `sources.${key}: dunning reads one workbook and one sheet per table; a list of sources, a glob, several sheets ` +
        'or setFrom is not supported for dunning yet — point it at one sheet (copy the rows into one sheet if needed)',
      { key },
    );
  }
  return { ref, ...(mapping ? { mapping } : {}), ...(options ? { options } : {}) };
}

const absolute = (cfg: LoadedConfig, ref: TableRef): TableRef =>
  ref.kind === 'excel' ? { ...ref, path: dataPath(cfg, ref.path) } : ref;

export function dunningSettingsFromConfig(cfg: LoadedConfig, period: string, asOf?: string): DunningSettings {
  const d = cfg.dunning;
  if (!d) throw new ConfigError('config has no `dunning` section');
  if (!cfg.sources.dealers || !cfg.sources.dealerTransactions) {
    throw new ConfigError('config `sources.dealers` and `sources.dealerTransactions` are required for dunning');
  }
  const dealers = tableRef(cfg, 'dealers', cfg.sources.dealers);
  const transactions = tableRef(cfg, 'dealerTransactions', cfg.sources.dealerTransactions);
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
