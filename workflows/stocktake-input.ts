/**
 * The stocktake workflow's input (月度盘点) and the names derived from it: the business workflow id, the journal's
 * document number prefix, result tab names.
 */
import type { Duration } from '@temporalio/common';
import type {
  SheetSource,
  StocktakeLocale,
  StocktakePerson,
  StocktakeScope,
  StocktakeWarehouse,
} from '../activities/stocktake/types';
import type { ApprovalTier, RecountPolicy, ToleranceConfig } from '../domain/stocktake';
import { parsePeriod, type Period } from '../domain/calendar';

export type { StocktakePerson, StocktakeWarehouse, StocktakeScope, SheetSource } from '../activities/stocktake/types';

export interface StocktakeInput {
  /** Accounting period, e.g. '2026-11'. */
  period: Period;
  warehouse: StocktakeWarehouse;
  /** People who count; round 1 shares the zones out among them, recounts go to a different one. */
  counters: StocktakePerson[];
  /** Receives escalations (counts overdue) and the report. */
  manager: StocktakePerson;
  /** Receive the report (财务). */
  finance: StocktakePerson[];
  /** 'YYYY-MM-DD'; default the last day of the period. */
  cutoffDate?: string;
  /** An ad hoc (不定期) stocktake: the id suffix (see stocktakeWorkflowId) and the subset counted. */
  adhoc?: { tag: string; scope?: StocktakeScope };
  ledger: SheetSource;
  /** 出入库流水: movements after the cut-off are netted out and reported, never variances. */
  movements?: SheetSource;
  /** Folder under the Excel root for count sheets and problem reports; default `盘点/<workflow id>`. */
  outputDir?: string;
  /** Count tabs in this Google spreadsheet instead of xlsx files (default: when the ledger is a Google sheet). */
  googleCountSheets?: { spreadsheetId: string };
  /** Hide book and card quantities on count sheets (default true). */
  blind?: boolean;
  /** How counters report completion: the mailed link, the sheet's status cell (polled), or either (default). */
  submission?: 'link' | 'status-cell' | 'both';
  statusPollInterval?: Duration;
  countDeadline: Duration;
  /** Offsets from each count request; default one reminder at two thirds of the deadline. */
  countReminders?: Duration[];
  recount: RecountPolicy;
  tolerances: ToleranceConfig;
  /** SAP-like tolerance groups: the manager up to a limit, above it the next tier as well. */
  approvalTiers: ApprovalTier[];
  approvalBasis?: 'abs' | 'net';
  approvalReminders?: Duration[];
  /** Journal document numbers `<prefix>-<period>-<0001…>`; default PD-NP / PD-OP (+ the ad hoc tag). */
  docNoPrefix?: string;
  reason?: string;
  locale?: StocktakeLocale;
  /** Company zone: a report no decision dates is dated by the end of the cut-off day in it (default Asia/Shanghai). */
  timeZone?: string;
  /** Activity tuning (tests shorten these). */
  timeouts?: { mailAttempt?: Duration; postingRetryInitial?: Duration; postingRetryMax?: Duration };
}

const ID_TAG = /^[a-z0-9][a-z0-9-]{0,47}$/i;

/**
 * Business id: `stocktake-2026-11-new-parts` for the monthly count; an ad hoc count adds its tag, e.g.
 * `stocktake-2026-11-new-parts-adhoc-202611151030` (`adhocTag(at)`) or a caller's tag like `rack-a05`.
 */
export function stocktakeWorkflowId(period: Period, warehouseId: string, tag?: string): string {
  parsePeriod(period, 'stocktake period');
  if (!/^[a-z0-9-]+$/.test(warehouseId))
    throw new Error(`warehouse id must be like new-parts, got ${JSON.stringify(warehouseId)}`);
  if (tag !== undefined && !ID_TAG.test(tag))
    throw new Error(`ad hoc tag must be letters, digits and dashes, got ${JSON.stringify(tag)}`);
  return `stocktake-${period}-${warehouseId}${tag ? `-${tag.toLowerCase()}` : ''}`;
}

/** The ad hoc tag for a start time given as 'yyyyMMddHHmm' (company time), e.g. 'adhoc-202611151030'. */
export function adhocTag(yyyyMMddHHmm: string): string {
  if (!/^\d{12}$/.test(yyyyMMddHHmm)) throw new Error(`expected yyyyMMddHHmm, got ${JSON.stringify(yyyyMMddHHmm)}`);
  return `adhoc-${yyyyMMddHHmm}`;
}

export function defaultDocNoPrefix(warehouseId: string, tag?: string): string {
  const wh = warehouseId === 'new-parts' ? 'NP' : warehouseId === 'old-parts' ? 'OP' : warehouseId.toUpperCase();
  return `PD-${wh}${tag ? `-${tag.toUpperCase()}` : ''}`;
}

function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

/** A result tab name (Excel: at most 31 characters), unique per warehouse, period and ad hoc tag. */
export function resultTabName(kind: string, period: Period, warehouse: string, tag?: string): string {
  const full = `${kind} ${period} ${warehouse}${tag ? ` ${tag.replace(/^adhoc-/, '')}` : ''}`;
  return full.length <= 31 ? full : `${kind} ${period} ${shortHash(full)}`.slice(0, 31);
}
