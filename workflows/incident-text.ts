/** Wording of the incident workflow's steps and mails (zh-CN default, English available). */
import { msToNumber, type Duration } from '@temporalio/common';
import type { IncidentInput, IncidentLocale, IncidentObservation } from '../activities/incidents/types';

export const tr = (loc: IncidentLocale, zh: string, en: string): string => (loc === 'en' ? en : zh);

export function partLabel(input: Pick<IncidentInput, 'partNo' | 'partName'>): string {
  return `${input.partNo}${input.partName ? ` ${input.partName}` : ''}`;
}

/** A configured duration for people: "4 周" / "4 weeks", "10 天", else as configured ("36h"). */
export function durationText(d: Duration, loc: IncidentLocale): string {
  const ms = msToNumber(d);
  const day = 86_400_000;
  if (ms % (7 * day) === 0) return tr(loc, `${ms / (7 * day)} 周`, `${ms / (7 * day)} weeks`);
  if (ms % day === 0) return tr(loc, `${ms / day} 天`, `${ms / day} days`);
  return String(d);
}

/** p-values as people read them (same as the PDFs). */
export function formatP(p: number): string {
  if (p === 0) return '< 1e-300';
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** "近期 12 起，预期 2.1 起（p = 3.0e-6，CUSUM 14.2）" */
export function observationLine(o: IncidentObservation, loc: IncidentLocale): string {
  return tr(
    loc,
    `${o.asOf}：近期 ${o.observed} 起，预期 ${o.expected.toFixed(1)} 起（p = ${formatP(o.pValue)}，CUSUM ${o.cusum.toFixed(1)}）`,
    `${o.asOf}: ${o.observed} events, ${o.expected.toFixed(1)} expected (p = ${formatP(o.pValue)}, CUSUM ${o.cusum.toFixed(1)})`,
  );
}

/** The lines every step page and mail starts with. */
export function describeIncident(
  id: string,
  input: IncidentInput,
  first: IncidentObservation,
  latest: IncidentObservation,
  loc: IncidentLocale,
): string[] {
  return [
    tr(loc, `事件编号：${id}`, `Incident: ${id}`),
    tr(
      loc,
      `配件：${partLabel(input)}；故障模式：${input.failureName}（${input.failureCode}）`,
      `Part: ${partLabel(input)}; failure mode: ${input.failureName} (${input.failureCode})`,
    ),
    ...(input.suppliers.length
      ? [tr(loc, `供应商：${input.suppliers.join('、')}`, `Suppliers: ${input.suppliers.join(', ')}`)]
      : []),
    tr(loc, `预警：${observationLine(first, loc)}`, `Signal: ${observationLine(first, loc)}`),
    ...first.scopes.map((x) => tr(loc, `细分：${x}`, `Within: ${x}`)),
    ...(latest.asOf !== first.asOf
      ? [tr(loc, `最新：${observationLine(latest, loc)}`, `Latest: ${observationLine(latest, loc)}`)]
      : []),
  ];
}
