/**
 * Settings, dependencies and the small JSON shapes the return workflows exchange with their activities.
 * Workflows see ReturnPolicy / ReturnContext (a few fields of one return), never tables.
 */
import type { Duration } from '@temporalio/common';
import type { Fen } from '../../domain/money';
import type { Person, ReturnLine, SupplierContact, Verdict } from '../../domain/returns';
import type { DataRef } from '../archive/types';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import type { TableBackend, TableRef } from '../sheets/types';

/** System-owned tabs the return workflows append to (one row per key, never twice). */
export interface ReturnsTargets {
  /** 退货抵扣 credit notes in the dealerTransactions layout (the dunning reader includes this tab). */
  credits: TableRef;
  /** 旧件入库 movements in the stockMovements layout (the old-parts ledger receipts). */
  oldParts: TableRef;
  /** 三包鉴定 inspection results in the qualityEvents layout (a config.sources.qualityEvents entry). */
  inspections: TableRef;
  /** 供应商索赔 claims and what the suppliers confirmed. */
  recoveries: TableRef;
}

export interface ReturnsSettings {
  companyName: string;
  locale: 'zh-CN' | 'en';
  timeZone: string;
  sources: {
    register: TableRef;
    registerMapping?: Record<string, string>;
    dealers: TableRef;
    dealersMapping?: Record<string, string>;
    parts: TableRef;
    partsMapping?: Record<string, string>;
  };
  targets: ReturnsTargets;
  /**
   * The incident register (质量事件登记) when early warning is configured: the costs of supplier-responsible incidents
   * closed in a month join that month's supplier claims.
   */
  incidentRegister?: TableRef;
  people: { manager: Person; technician: Person; warehouseOld: Person; purchasing: Person };
  suppliers: SupplierContact[];
  creditApprovalThresholdFen: Fen;
  /** Dealer reminders while the part has not arrived: every this long, at most `maxReceiptReminders`. */
  receiptReminderAfter: Duration;
  maxReceiptReminders: number;
  /** How often the register's 收货日期 / 鉴定结论 cells are re-read while waiting. */
  receiptPollInterval: Duration;
  /** The return is closed as not received after this long. */
  receiptDeadline: Duration;
  /** An abnormal verdict the dealer has not answered by then counts as agreed (逾期视为同意). */
  dealerResponseDeadline: Duration;
  approvals: { reminderAfter: Duration; escalateAfter: Duration; linkTtl: Duration };
  claimAgingLimitDays: number;
  claimReminderAfter: Duration;
}

/** What the return workflow needs to know of the settings (returned by an activity, so config stays out of inputs). */
export interface ReturnPolicy {
  locale: 'zh-CN' | 'en';
  timeZone: string;
  companyName: string;
  people: ReturnsSettings['people'];
  creditApprovalThresholdFen: Fen;
  receiptReminderAfter: Duration;
  maxReceiptReminders: number;
  receiptPollInterval: Duration;
  receiptDeadline: Duration;
  dealerResponseDeadline: Duration;
  approvals: ReturnsSettings['approvals'];
}

/** Input of `return-<returnNo>`: the number, and the register line when the watcher (or an API) has it. */
export interface ReturnWorkflowInput {
  returnNo: string;
  line?: ReturnLine;
}

/** One return, validated against the masters: the facts every later step prints or posts. */
export interface ReturnContext {
  line: ReturnLine;
  dealer: { id: string; name: string; email: string; region: string; contact?: string };
  part: { partNo: string; name: string; supplier: string; model: string; unitCostFen: Fen | null };
}

export interface RowStatus {
  found: boolean;
  received?: string;
  verdict?: Verdict;
  status?: string;
  /** "file › sheet › row" of the line read, for the audit trail. */
  where?: string;
}

export type StartOutcome = 'started' | 'already-started';

export interface ReturnsActivityDeps {
  settings: ReturnsSettings;
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  /** The mail activity's sendMail (called inside these activities, keyed per workflow/step/recipient). */
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** Folder for the watcher's seen-sets and the journal locks (e.g. <dataDir>/returns). */
  stateDir: string;
  /** Starts one return workflow (needed by the watcher's scan); see createReturnStarter. */
  startReturn?: (input: ReturnWorkflowInput) => Promise<StartOutcome>;
  now?: () => Date;
}
