import type { Content } from 'pdfmake/interfaces';
import type { z } from 'zod';
import type { evidenceSchema } from './incident-schema';
import { type PdfLocale, byLocale, dataTable } from './layout';

/* Wording shared by the incident PDFs. */

type Evidence = z.output<typeof evidenceSchema>;

/** p-values as people read them: 0.012, 3.2e-6; "< 1e-300" at the floor. */
export function formatP(p: number): string {
  if (p === 0) return '< 1e-300';
  if (p >= 0.001) return p.toFixed(3);
  return p.toExponential(1);
}

const SOURCES: Record<string, [string, string]> = {
  complaint: ['投诉', 'Complaint'],
  call: ['来电', 'Call'],
  inspection: ['三包鉴定', 'Inspection'],
  return: ['退货', 'Return'],
};

export function sourceLabel(source: string, locale: PdfLocale): string {
  const s = SOURCES[source];
  return s ? byLocale(locale, s[0], s[1]) : source;
}

/** The rule in one paragraph with this signal's numbers, and how to recompute the tail in a spreadsheet. */
export function ruleSentence(d: Evidence, locale: PdfLocale): string {
  const f = d.figures;
  const r = d.rule;
  const unit = f.volumeAdjusted ? byLocale(locale, '按在用车辆数折算', 'per vehicle in the field') : '';
  const fired = f.firedBy.length
    ? f.firedBy.map((x) => (x === 'poisson' ? byLocale(locale, '泊松上尾', 'Poisson tail') : 'CUSUM')).join(' + ')
    : byLocale(locale, '整体未触发（见细分维度）', 'not as a whole (see sub-dimensions)');
  const base = d.frozen
    ? byLocale(locale, '事件开立时冻结的基线', 'the baseline frozen when the incident opened')
    : byLocale(locale, `此前 ${r.baselineDays} 天的基线`, `the ${r.baselineDays} days before`);
  return byLocale(
    locale,
    `判定规则：近 ${r.windowDays} 天发生 ${f.observed} 起；${base}有 ${f.baselineCount} 起${unit ? `（${unit}）` : ''}，按同样速率预期 ${f.expected.toFixed(2)} 起。` +
      `检验均值取（基线件数 + 1）× 近期暴露 / 基线暴露 = ${f.testMean.toFixed(2)}，泊松上尾概率 P(X ≥ ${f.observed}) = ${formatP(f.pValue)}` +
      `（可在 Excel 中用 =1-POISSON.DIST(${Math.max(0, f.observed - 1)}, ${f.testMean.toFixed(4)}, TRUE) 复核），阈值 α = ${formatP(f.alpha)}，且至少 ${r.minCount} 起、不低于预期的 ${r.minRatio} 倍；` +
      `CUSUM（按基线 ${r.shift} 倍速率设计）在监测期 ${r.monitorDays} 天内累计至 ${f.cusum.toFixed(2)}，阈值 ${r.threshold}` +
      `${f.risingDaysAgo !== null ? `，自 ${f.risingDaysAgo} 天前开始上升` : ''}。触发：${fired}。`,
    `Rule: ${f.observed} events in the last ${r.windowDays} days; ${base} held ${f.baselineCount}${unit ? ` (${unit})` : ''}, so ${f.expected.toFixed(2)} were expected. ` +
      `Test mean (baseline events + 1) × recent exposure / baseline exposure = ${f.testMean.toFixed(2)}; Poisson tail P(X ≥ ${f.observed}) = ${formatP(f.pValue)} ` +
      `(in Excel: =1-POISSON.DIST(${Math.max(0, f.observed - 1)}, ${f.testMean.toFixed(4)}, TRUE)) against α = ${formatP(f.alpha)}, with at least ${r.minCount} events and ${r.minRatio}× the expectation; ` +
      `the CUSUM (tuned to ${r.shift}× the baseline rate) reached ${f.cusum.toFixed(2)} over the ${r.monitorDays} monitored days against ${r.threshold}` +
      `${f.risingDaysAgo !== null ? `, rising since ${f.risingDaysAgo} days before` : ''}. Fired by: ${fired}.`,
  );
}

export function spreadTable(
  rows: { value: string; recent: number; baseline: number }[],
  header: string,
  locale: PdfLocale,
): Content {
  return dataTable({
    locale,
    fontSize: 7.5,
    columns: [
      { header, width: '*' },
      { header: byLocale(locale, '监测期', 'Recent'), width: 34, align: 'right' },
      { header: byLocale(locale, '基线期', 'Baseline'), width: 34, align: 'right' },
    ],
    rows: rows.map((r) => [r.value, r.recent, r.baseline]),
  });
}
