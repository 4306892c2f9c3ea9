import type { CellProblem } from '../errors';
import { dedupeQualityEvents, type MergeRecord } from './dedupe-quality-events';
import { createFailureModeMatcher, type FailureModeMatcher } from './failure-mode-matcher';
import {
  failureTextKey,
  normalizeModel,
  normalizePartNo,
  normalizeText,
  normalizeVin,
  optional,
} from './normalize-fields';
import {
  QUALITY_SOURCES,
  UNMAPPED_CODE,
  type CleanQualityEvent,
  type FailureModeCatalogue,
  type QualityEvent,
  type RowRef,
} from './types';
import { dayNumber } from '../calendar';

export interface CleanQualityOptions {
  /** Same VIN + part within this many days counts as one event reported twice (default 3). */
  dedupeWindowDays?: number;
}

/** A failure text the catalogue does not know, with how many (de-duplicated) events carry it. */
export interface UnmappedFailureText {
  text: string;
  count: number;
  qty: number;
  /** First row carrying it, so the supervisor can find it. */
  firstRef?: RowRef;
}

export interface CleanQualityResult {
  events: CleanQualityEvent[];
  unmapped: UnmappedFailureText[];
  merged: MergeRecord[];
  /** Rows that could not be used at all (bad date, quantity or source); the caller decides whether to stop. */
  problems: CellProblem[];
  stats: { input: number; invalid: number; duplicatesRemoved: number; output: number; unmappedEvents: number };
}

/** Stands for events with neither a failure text nor a description. */
export const BLANK_TEXT = '(空)';

/** Grouping key of an unmapped text: its normalised form (blank and punctuation-only texts group as blank). */
export function unmappedTextKey(text: string): string {
  return text === BLANK_TEXT ? '' : failureTextKey(text);
}

function problem(e: QualityEvent, column: string, value: unknown, reason: string): CellProblem {
  return {
    file: e.ref?.file ?? '(unknown)',
    sheet: e.ref?.sheet ?? '(unknown)',
    row: e.ref?.row ?? 0,
    column,
    value: value === undefined || value === null ? '' : String(value),
    reason,
  };
}

/** Why an event cannot be used at all (bad date, source, quantity or closing date), or null when it can. */
export function validateQualityEvent(e: QualityEvent): CellProblem | null {
  if (dayNumber(String(e.date ?? '')) === null) return problem(e, '日期', e.date, '不是有效日期 / not a valid date');
  if (!QUALITY_SOURCES.includes(e.source)) return problem(e, '来源', e.source, '来源未知 / unknown source');
  if (typeof e.qty !== 'number' || !Number.isFinite(e.qty) || e.qty < 0) {
    return problem(e, '数量', e.qty, '数量须为非负数 / quantity must be a non-negative number');
  }
  if (e.closedAt !== undefined && e.closedAt !== '' && dayNumber(e.closedAt) === null) {
    return problem(e, '处理完成日期', e.closedAt, '不是有效日期 / not a valid date');
  }
  return null;
}

/**
 * One valid event normalised (part number, model, VIN, names) with its failure text mapped to the catalogue (the
 * failure-mode column first, then the description): what cleanQualityEvents does to each event before it
 * de-duplicates. Pure and per event, so a caller may do it while the events are still being read.
 */
export function normaliseQualityEvent(e: QualityEvent, matcher: FailureModeMatcher): CleanQualityEvent {
  let m = matcher.match(e.failureMode);
  if (m.code === UNMAPPED_CODE && e.description) {
    const fromDescription = matcher.match(e.description);
    if (fromDescription.code !== UNMAPPED_CODE) m = fromDescription;
  }
  // Built field by field (no spread + delete) so 200k records keep one hidden class.
  const c: CleanQualityEvent = {
    date: e.date.slice(0, 10),
    source: e.source,
    model: normalizeModel(String(e.model ?? '')),
    partNo: normalizePartNo(String(e.partNo ?? '')),
    failureMode: normalizeText(String(e.failureMode ?? '')),
    qty: e.qty,
    failureCode: m.code,
    failureName: m.name,
    failureCategory: m.category,
    mappedBy: m.matchedBy,
    mergedCount: 1,
  };
  const partName = optional(e.partName, normalizeText);
  if (partName !== undefined) c.partName = partName;
  const supplier = optional(e.supplier, normalizeText);
  if (supplier !== undefined) c.supplier = supplier;
  const dealerId = optional(e.dealerId, (s) => normalizeText(s).toUpperCase());
  if (dealerId !== undefined) c.dealerId = dealerId;
  const region = optional(e.region, normalizeText);
  if (region !== undefined) c.region = region;
  const vin = optional(e.vin, normalizeVin);
  if (vin !== undefined) c.vin = vin;
  const severity = optional(e.severity, (s) => normalizeText(s).toUpperCase());
  if (severity !== undefined) c.severity = severity;
  const description = optional(e.description, normalizeText);
  if (description !== undefined) c.description = description;
  const closedAt = optional(e.closedAt, (s) => s.trim().slice(0, 10));
  if (closedAt !== undefined) c.closedAt = closedAt;
  if (e.ref) c.ref = e.ref;
  return c;
}

/**
 * Cleans one batch of events (the report month and its prior months together, so duplicates across a
 * month boundary are caught): normalises part numbers, models, VINs and names, maps failure texts to the
 * catalogue (the failure-mode column first, then the description), de-duplicates, and lists every
 * unmapped text with its count. Unmapped events stay in the data under the UNMAPPED/未归类 bucket.
 */
export function cleanQualityEvents(
  events: readonly QualityEvent[],
  catalogue: FailureModeCatalogue,
  options: CleanQualityOptions = {},
): CleanQualityResult {
  const matcher = createFailureModeMatcher(catalogue);
  const problems: CellProblem[] = [];
  const cleaned: CleanQualityEvent[] = [];
  for (const e of events) {
    const bad = validateQualityEvent(e);
    if (bad) problems.push(bad);
    else cleaned.push(normaliseQualityEvent(e, matcher));
  }
  return finishCleaning(events.length, cleaned, problems, options);
}

/**
 * The rest of cleanQualityEvents once every event of the batch is validated and normalised (in the batch's order):
 * de-duplicates and lists the unmapped texts. `input` counts the batch's events, refused ones included.
 */
export function finishCleaning(
  input: number,
  cleaned: CleanQualityEvent[],
  problems: CellProblem[],
  options: CleanQualityOptions = {},
): CleanQualityResult {
  const { events: deduped, merged } = dedupeQualityEvents(cleaned, options.dedupeWindowDays ?? 3);

  // Texts that differ only in width, case, spaces or punctuation ('开裂', '开 裂') are one unmapped text, shown as
  // first written: the supervisor classifies it once and the classification folds every spelling.
  const unmappedByText = new Map<string, UnmappedFailureText>();
  let unmappedEvents = 0;
  for (const e of deduped) {
    if (e.failureCode !== UNMAPPED_CODE) continue;
    unmappedEvents++;
    const text = e.failureMode || e.description || BLANK_TEXT;
    const key = unmappedTextKey(text);
    const u = unmappedByText.get(key);
    if (u) {
      u.count++;
      u.qty += e.qty;
    } else unmappedByText.set(key, { text, count: 1, qty: e.qty, ...(e.ref ? { firstRef: e.ref } : {}) });
  }
  const unmapped = [...unmappedByText.values()].sort(
    (a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );

  return {
    events: deduped,
    unmapped,
    merged,
    problems,
    stats: {
      input,
      invalid: problems.length,
      duplicatesRemoved: cleaned.length - deduped.length,
      output: deduped.length,
      unmappedEvents,
    },
  };
}
