/**
 * The 质量信息反馈表 as a plain table for the sheet tab and the archived workbook: one row per failure mode in
 * Pareto order (unmapped bucket included, never dropped), with shares, month-over-month and 3/6-month
 * comparisons, the responsible department, the main model/part/supplier of the month and the monthly counts;
 * and the list of unmapped failure texts with where each was first seen (by 退回单号 where the row has one).
 */
import { normalizeText, type CrossRow } from '../../domain/quality';
import type { QualityCompilation } from './types';

type Cell = string | number | null;

const key = (s: string) => normalizeText(s).toLowerCase();

function topByMode(rows: readonly CrossRow[]): Map<string, string> {
  const best = new Map<string, string>();
  for (const r of rows) if (!best.has(r.sub)) best.set(r.sub, `${r.key}（${r.count}）`);
  return best;
}

export function summaryTabName(period: string): string {
  return `质量信息反馈表 ${period}`;
}

export function unmappedTabName(period: string): string {
  return `未归类故障 ${period}`;
}

export function qualitySummaryTable(c: QualityCompilation): { header: string[]; rows: Cell[][] } {
  const a = c.aggregates;
  const pareto = new Map(a.pareto.failureModes.rows.map((r) => [r.key, r]));
  const trends = new Map(a.trends.failureModes.map((t) => [t.key, t]));
  const newModes = new Set(a.newFailureModes.map((m) => m.code));
  const owners = c.views
    .filter((v) => v.kind === 'production' || v.kind === 'engineering' || v.kind === 'purchasing')
    .map((v) => ({ name: v.name, categories: new Set((v as { categories: string[] }).categories.map(key)) }));
  const quality = c.views.find((v) => v.kind === 'quality')?.name ?? '品质部';
  const category = new Map(a.failureModes.map((m) => [m.code, m.category]));
  const model = topByMode(a.cross.modelByMode);
  const part = topByMode(a.cross.partByMode);
  const supplier = topByMode(a.cross.supplierByMode);

  const header = [
    '序号',
    '故障代码',
    '故障模式',
    '分类',
    '责任部门',
    '本月次数',
    '本月数量',
    '占比(%)',
    '累计占比(%)',
    '上月次数',
    '环比(%)',
    '近3月均值',
    '近6月均值',
    '较3月均值(%)',
    '本月新增',
    '主要车型',
    '主要配件',
    '主要供应商',
    ...a.months,
  ];
  const rows: Cell[][] = a.dimensions.failureMode.map((r, i) => {
    const cat = category.get(r.key) ?? null;
    const owner = cat ? owners.filter((o) => o.categories.has(key(cat))).map((o) => o.name) : [];
    const p = pareto.get(r.key);
    const t = trends.get(r.key);
    return [
      i + 1,
      r.key,
      r.label,
      cat,
      owner.length ? owner.join('、') : quality,
      r.count,
      r.qty,
      p?.sharePct ?? 0,
      p?.cumulativePct ?? null,
      t?.previous ?? null,
      t?.momChangePct ?? null,
      t?.avg3 ?? null,
      t?.avg6 ?? null,
      t?.vsAvg3Pct ?? null,
      newModes.has(r.key) ? '是' : '',
      model.get(r.key) ?? '',
      part.get(r.key) ?? '',
      supplier.get(r.key) ?? '',
      ...r.monthly,
    ];
  });
  const o = a.trends.overall;
  rows.push([
    '合计',
    '',
    '',
    '',
    '',
    a.totals.count,
    a.totals.qty,
    a.totals.count > 0 ? 100 : 0,
    null,
    o.previous,
    o.momChangePct,
    o.avg3,
    o.avg6,
    o.vsAvg3Pct,
    '',
    '',
    '',
    '',
    ...a.totals.monthly,
  ]);
  return { header, rows };
}

/**
 * Unmapped texts with where each was first seen: a row with a business key (退回单号, in the inspection results
 * appended as returns finish) is cited by it, not by its row number, which follows timing.
 */
export function unmappedTable(c: QualityCompilation): { header: string[]; rows: Cell[][] } {
  return {
    header: ['故障描述', '次数', '数量', '首次出现文件', '工作表', '行', '退回单号'],
    rows: c.unmapped.map((u) => [
      u.text,
      u.count,
      u.qty,
      u.firstRef?.file ?? '',
      u.firstRef?.sheet ?? '',
      u.firstRef && u.firstRef.key === undefined ? u.firstRef.row : null,
      u.firstRef?.key ?? null,
    ]),
  };
}
