/**
 * ReturnsSettings from the parsed config. Keys the config schema does not have yet (see the report to the
 * lead) are read from `returns` when present and defaulted otherwise, so this works before and after the
 * schema grows them.
 */
import type { Duration } from '@temporalio/common';
import type { LoadedConfig } from '../load-config';
import type { SourceConfig } from '../schema';
import { ConfigError } from '../../domain/errors';
import { parseYuanToFen } from '../../domain/money';
import type { SupplierContact } from '../../domain/returns';
import { configuredIncidentRegister } from './quality-feedback-input';
import { besideSource } from './beside-source';
import { oneSheetSources } from './one-sheet-source';
import type { ReturnsSettings, ReturnsTargets } from '../../activities/returns/types';

export interface ReturnsConfigExtras {
  maxReceiptReminders?: number;
  receiptPollInterval?: string;
  receiptDeadline?: string;
  dealerResponseDeadline?: string;
  claimReminderAfter?: string;
  targets?: Partial<Record<keyof ReturnsTargets, SourceConfig>>;
  suppliers?: SupplierContact[];
}

const DEFAULT_TARGETS: Record<keyof ReturnsTargets, { file: string; tab: string }> = {
  credits: { file: '退货抵扣.xlsx', tab: '退货抵扣' },
  oldParts: { file: '旧件入库.xlsx', tab: '旧件入库' },
  inspections: { file: '三包鉴定结果.xlsx', tab: '三包鉴定' },
  recoveries: { file: '供应商索赔.xlsx', tab: '供应商索赔' },
};

export function returnsSettingsFromConfig(cfg: LoadedConfig): ReturnsSettings {
  for (const name of ['returns', 'dealers', 'parts'] as const) {
    if (!cfg.sources[name])
      throw new ConfigError(`config key "sources.${name}" is required for return processing`, {
        key: `sources.${name}`,
      });
  }
  const r = cfg.returns ?? {
    creditApprovalThreshold: parseYuanToFen(5000)!,
    receiptReminderAfter: '3 days',
    claimAgingLimitDays: 30,
  };
  const extra = r as typeof r & ReturnsConfigExtras;
  const targetKeys = Object.keys(DEFAULT_TARGETS) as (keyof ReturnsTargets)[];
  // Return processing reads the register and each master as one sheet and writes each journal to one sheet; a list,
  // a glob or several sheets is refused (every key at once) rather than read in part.
  const one = oneSheetSources('return processing', [
    { key: 'sources.returns', source: cfg.sources.returns! },
    { key: 'sources.dealers', source: cfg.sources.dealers! },
    { key: 'sources.parts', source: cfg.sources.parts! },
    ...targetKeys.flatMap((k) => {
      const given = extra.targets?.[k];
      return given ? [{ key: `returns.targets.${k}`, source: given }] : [];
    }),
  ]);
  const sheet = (key: string) => one.get(key)?.[0];
  const register = sheet('sources.returns')!;
  const dealers = sheet('sources.dealers')!;
  const parts = sheet('sources.parts')!;
  const registerRef = register.ref;
  const targets = Object.fromEntries(
    targetKeys.map((k) => [
      k,
      sheet(`returns.targets.${k}`)?.ref ?? besideSource(registerRef, DEFAULT_TARGETS[k].file, DEFAULT_TARGETS[k].tab),
    ]),
  ) as unknown as ReturnsTargets;
  const p = cfg.people;
  const purchasingDept = cfg.departments.purchasing;
  const incidentRegister = configuredIncidentRegister(cfg);
  return {
    companyName: cfg.company.name,
    locale: cfg.locale,
    timeZone: cfg.timezone,
    sources: {
      register: registerRef,
      ...(register.mapping ? { registerMapping: register.mapping } : {}),
      dealers: dealers.ref,
      ...(dealers.mapping ? { dealersMapping: dealers.mapping } : {}),
      parts: parts.ref,
      ...(parts.mapping ? { partsMapping: parts.mapping } : {}),
    },
    targets,
    ...(incidentRegister ? { incidentRegister } : {}),
    people: {
      manager: p.manager,
      technician: p.technician ?? p.manager,
      warehouseOld: p.warehouseOld ?? p.manager,
      purchasing:
        p.purchasing ?? (purchasingDept ? { name: purchasingDept.name, email: purchasingDept.emails[0]! } : p.manager),
    },
    suppliers: extra.suppliers ?? [],
    creditApprovalThresholdFen: r.creditApprovalThreshold,
    receiptReminderAfter: r.receiptReminderAfter as Duration,
    maxReceiptReminders: extra.maxReceiptReminders ?? 3,
    receiptPollInterval: (extra.receiptPollInterval ?? '2 hours') as Duration,
    receiptDeadline: (extra.receiptDeadline ?? '30 days') as Duration,
    dealerResponseDeadline: (extra.dealerResponseDeadline ?? '14 days') as Duration,
    approvals: {
      reminderAfter: cfg.approvals.reminderAfter as Duration,
      escalateAfter: cfg.approvals.escalateAfter as Duration,
      linkTtl: cfg.approvals.linkTtl as Duration,
    },
    claimAgingLimitDays: r.claimAgingLimitDays,
    claimReminderAfter: (extra.claimReminderAfter ?? '7 days') as Duration,
  };
}
