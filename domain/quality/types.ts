import type { Period } from '../calendar';
/**
 * Records the quality-feedback logic works on. Events arrive already typed by the sheets layer
 * (schema `qualityEvents` in docs/SCHEMAS); everything here is plain data so it can travel through
 * the work store as canonical JSON.
 */

export type QualitySource = 'complaint' | 'call' | 'inspection' | 'return';

export const QUALITY_SOURCES: readonly QualitySource[] = ['complaint', 'call', 'inspection', 'return'];

/** Where a record came from, so problems and merges can be traced back to a spreadsheet row. */
export interface RowRef {
  file: string;
  sheet: string;
  row: number;
  /**
   * The row's business key where the sheet has one (退回单号 in the inspection results return processing appends as
   * returns finish): such rows are ordered and cited by it, not by their row number, which follows timing — so a
   * document depends only on facts.
   */
  key?: string;
}

export interface QualityEvent {
  /** ISO date `YYYY-MM-DD` (a time suffix is tolerated and ignored). */
  date: string;
  source: QualitySource;
  model: string;
  partNo: string;
  partName?: string;
  /** Free text exactly as entered; mapped to a catalogue code during cleaning. */
  failureMode: string;
  supplier?: string;
  dealerId?: string;
  region?: string;
  /** VIN or product serial number. */
  vin?: string;
  severity?: string;
  qty: number;
  description?: string;
  /** ISO date the complaint/case was closed, for handling times. */
  closedAt?: string;
  ref?: RowRef;
}

export interface FailureModeEntry {
  code: string;
  name: string;
  /** 设计 | 制造 | 装配 | 供应商 | 使用 ... (free text, matched case-insensitively by the routing). */
  category: string;
  synonyms: readonly string[];
}

export type FailureModeCatalogue = readonly FailureModeEntry[];

/** Bucket for failure texts the catalogue does not cover: listed with counts, never dropped. */
export const UNMAPPED_CODE = 'UNMAPPED';
export const UNMAPPED_NAME = '未归类';

/** Grouping key used when an optional dimension (supplier, region, dealer) is blank. */
export const BLANK_KEY = '(未填)';

/** How a text folded: equal (normalised) to a code, name or synonym; otherwise unmapped. There is no fuzzy kind. */
export type FailureMatchKind = 'code' | 'name' | 'synonym' | 'unmapped';

export interface CleanQualityEvent extends QualityEvent {
  failureCode: string;
  failureName: string;
  failureCategory: string | null;
  mappedBy: FailureMatchKind;
  /** How many reported events this one stands for after de-duplication (1 = not merged). */
  mergedCount: number;
}

export interface ProductionVolume {
  month: Period;
  model: string;
  volume: number;
}
