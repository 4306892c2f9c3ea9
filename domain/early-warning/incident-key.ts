import { isPeriod } from '../calendar';
/**
 * Keys and business ids of early-warning incidents. One open incident per key (part × failure mode); its
 * workflow id names the month it opened, the part and the failure mode: `incident-2026-11-DP-1230-异响`. A key
 * that signals again after its incident closed opens a new one (`…-2` when that happens in the same month).
 */

/** `partNo|failureCode`, the unit of "one open incident". */
export function signalKey(partNo: string, failureCode: string): string {
  return `${partNo}|${failureCode}`;
}

export function parseSignalKey(key: string): { partNo: string; failureCode: string } {
  const i = key.lastIndexOf('|');
  if (i <= 0 || i === key.length - 1) throw new RangeError(`not a signal key: ${JSON.stringify(key)}`);
  return { partNo: key.slice(0, i), failureCode: key.slice(i + 1) };
}

/** Characters kept in an id part: letters (any script), digits, dash, dot, underscore; anything else becomes `_`. */
function idPart(text: string): string {
  const cleaned = text
    .normalize('NFKC')
    .trim()
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return cleaned.slice(0, 60) || '_';
}

/** `incident-2026-11-DP-1230-异响`; `sequence` ≥ 2 for a second incident of the key opened in the same month. */
export function incidentWorkflowId(openedOn: string, partNo: string, failureName: string, sequence = 1): string {
  const month = openedOn.slice(0, 7);
  if (!isPeriod(month)) throw new RangeError(`not a date: ${JSON.stringify(openedOn)}`);
  const base = `incident-${month}-${idPart(partNo)}-${idPart(failureName)}`;
  return sequence > 1 ? `${base}-${sequence}` : base;
}

/** Daily detector run id for the day examined: `early-warning-2026-11-12`. */
export function earlyWarningWorkflowId(asOf: string): string {
  return `early-warning-${asOf}`;
}
