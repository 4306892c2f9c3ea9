import type { FinanceSummary, FinanceTotals } from '../../domain/dunning';
import type { FinanceSummaryData } from '../../templates/pdf/finance-summary';
import type { FinanceReportInput } from './finance-report';
import type { DealerResultRecord, DunningSettings } from './types';

/** The finance summary PDF's data: totals by region, the 20 most overdue dealers, held back, failed and pending. */
export function financeSummaryData(
  s: DunningSettings,
  input: FinanceReportInput,
  report: {
    summary: FinanceSummary;
    records: readonly DealerResultRecord[];
    pending: readonly DealerResultRecord[];
    generatedAt: string;
    tab: string;
  },
): FinanceSummaryData {
  const { summary, records, pending, generatedAt, tab } = report;
  const regionRow = (region: string, t: FinanceTotals) => ({ ...t, region });
  return {
    company: s.companyName,
    period: s.period,
    asOf: s.asOf,
    overall: summary.overall,
    byRegion: Object.keys(summary.byRegion)
      .sort()
      .map((r) => regionRow(r, summary.byRegion[r]!)),
    levels: s.procedure.levels.map((l) => l.level).sort((a, b) => a - b),
    topOverdue: topOverdue(records),
    heldBack: input.heldBack.slice(0, 200),
    heldBackMore: Math.max(0, summary.overall.heldBack - input.failed.length - Math.min(200, input.heldBack.length)),
    problemCount: input.problemCount,
    failed: input.failed.slice(0, 100),
    sheetTab: tab,
    ...(pending.length
      ? {
          pending: {
            asOf: generatedAt,
            count: pending.length,
            dealers: pending.slice(0, 50).map((r) => r.dealerId),
          },
        }
      : {}),
    ...(input.corrects ? { corrects: input.corrects } : {}),
  };
}

function topOverdue(records: readonly DealerResultRecord[]): FinanceSummaryData['topOverdue'] {
  const overdueOf = (r: DealerResultRecord): number => r.overdueFen;
  return records
    .filter((r) => overdueOf(r) > 0)
    .sort((a, b) => overdueOf(b) - overdueOf(a) || a.dealerId.localeCompare(b.dealerId))
    .slice(0, 20)
    .map((r) => ({
      dealerId: r.dealerId,
      name: r.name,
      region: r.region || '—',
      closingFen: r.totals.closingFen,
      overdueFen: r.overdueFen,
      levels: r.levelsSent.join(','),
      onHold: r.onHold,
      disputed: r.disputed,
    }));
}
