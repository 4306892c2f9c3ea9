/**
 * ReturnsSettings from the parsed config. Keys the config schema does not have yet (see the report to the
 * lead) are read from `returns` when present and defaulted otherwise, so this works before and after the
 * schema grows them.
 */
import { posix } from 'node:path';
import type { Duration } from '@temporalio/common';
import type { LoadedConfig } from '../../config/load-config';
import { firstSource, type SourceConfig } from '../../config/schema';
import { ConfigError } from '../../domain/errors';
import { parseYuanToFen } from '../../domain/money';
import type { SupplierContact } from '../../domain/returns';
import type { TableRef } from '../sheets/types';
import type { ReturnsSettings, ReturnsTargets } from './types';

export interface ReturnsConfigExtras {
  maxReceiptReminders?: number;
  receiptPollInterval?: string;
  receiptDeadline?: string;
  dealerResponseDeadline?: string;
  claimReminderAfter?: string;
  targets?: Partial<Record<keyof ReturnsTargets, SourceConfig>>;
  suppliers?: SupplierContact[];
}

export function tableRefOf(src: SourceConfig): TableRef {
  return src.kind === 'excel'
    ? { kind: 'excel', path: src.path, ...(src.sheet ? { sheet: src.sheet } : {}) }
    : { kind: 'google', spreadsheetId: src.spreadsheetId, ...(src.tab ? { tab: src.tab } : {}) };
}

/** A system-owned journal beside a source: a workbook of its own in the same folder, or a tab of the same spreadsheet. */
export function besideSource(ref: TableRef, fileName: string, tab: string): TableRef {
  return ref.kind === 'excel'
    ? { kind: 'excel', path: posix.join(posix.dirname(ref.path.replace(/\\/g, '/')), fileName), sheet: tab }
    : { kind: 'google', spreadsheetId: ref.spreadsheetId, tab };
}

const DEFAULT_TARGETS: Record<keyof ReturnsTargets, { file: string; tab: string }> = {
  credits: { file: '退货抵扣.xlsx', tab: '退货抵扣' },
  oldParts: { file: '旧件入库.xlsx', tab: '旧件入库' },
  inspections: { file: '三包鉴定结果.xlsx', tab: '三包鉴定' },
  recoveries: { file: '供应商索赔.xlsx', tab: '供应商索赔' },
};

export function returnsSettingsFromConfig(cfg: LoadedConfig): ReturnsSettings {
  const need = (name: 'returns' | 'dealers' | 'parts'): SourceConfig => {
    const src = firstSource(cfg.sources[name]);
    if (!src)
      throw new ConfigError(`config key "sources.${name}" is required for return processing`, {
        key: `sources.${name}`,
      });
    return src;
  };
  const register = need('returns');
  const dealers = need('dealers');
  const parts = need('parts');
  const r = cfg.returns ?? {
    creditApprovalThreshold: parseYuanToFen(5000)!,
    receiptReminderAfter: '3 days',
    claimAgingLimitDays: 30,
  };
  const extra = r as typeof r & ReturnsConfigExtras;
  const registerRef = tableRefOf(register);
  const targets = Object.fromEntries(
    (Object.keys(DEFAULT_TARGETS) as (keyof ReturnsTargets)[]).map((k) => {
      const given = extra.targets?.[k];
      return [
        k,
        given ? tableRefOf(given) : besideSource(registerRef, DEFAULT_TARGETS[k].file, DEFAULT_TARGETS[k].tab),
      ];
    }),
  ) as unknown as ReturnsTargets;
  const p = cfg.people;
  const purchasingDept = cfg.departments.purchasing;
  return {
    companyName: cfg.company.name,
    locale: cfg.locale,
    timeZone: cfg.timezone,
    sources: {
      register: registerRef,
      ...(register.mapping ? { registerMapping: register.mapping } : {}),
      dealers: tableRefOf(dealers),
      ...(dealers.mapping ? { dealersMapping: dealers.mapping } : {}),
      parts: tableRefOf(parts),
      ...(parts.mapping ? { partsMapping: parts.mapping } : {}),
    },
    targets,
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
