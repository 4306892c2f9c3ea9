import { z } from 'zod';
import { INCIDENT_STATES } from '../../domain/early-warning';

/*
 * Data of the 质量信息反馈表 PDF: one department's view (domain/quality DepartmentView, list lengths capped by
 * the activity) plus the draft/approval state and the basis of the figures. Validated before rendering, so a
 * malformed view fails permanently with the field named.
 */

const text = z.string().max(500);
const count = z.number().int().nonnegative();
const num = z.number().finite();
const pctOrNull = z.number().finite().nullable();
const month = z.string().regex(/^\d{4}-\d{2}$/);
const list = <T extends z.ZodType>(item: T, max = 500) => z.array(item).max(max);

const rankRow = z.object({ key: text, label: text, count, qty: num, sharePct: num });
const modeCount = z.object({ code: text, name: text, count });
const trendRow = z.object({
  key: text,
  label: text,
  category: text.nullable(),
  monthly: list(num, 36),
  current: num,
  previous: num,
  momChangePct: pctOrNull,
  avg3: num,
  avg6: num,
  vsAvg3Pct: pctOrNull,
  vsAvg6Pct: pctOrNull,
});
const pareto = z.object({
  total: count,
  cutPct: num,
  vitalCount: count,
  rows: list(rankRow.omit({ sharePct: true }).extend({ sharePct: num, cumulativePct: num, vital: z.boolean() })),
});
const newMode = z.object({ code: text, name: text, category: text.nullable(), count, qty: num });
const handlingStats = z.object({
  considered: count,
  closed: count,
  open: count,
  invalid: count,
  medianDays: num.nullable(),
  p90Days: num.nullable(),
  meanDays: num.nullable(),
});
const moverRow = z.object({
  key: text,
  label: text,
  current: num,
  avg3: num,
  absIncrease: num,
  relIncreasePct: pctOrNull,
});
const movers = z.object({ byAbsolute: list(moverRow, 50), byRelative: list(moverRow, 50) });
const source = z.enum(['complaint', 'call', 'inspection', 'return']);

const base = {
  id: text,
  name: text,
  nameEn: text,
  recipients: list(text, 100),
  period: month,
  months: list(month, 36).min(1),
  totals: z.object({ count, qty: num }),
};
const categoryBase = {
  ...base,
  categories: list(text, 50),
  pareto,
  groupTrend: trendRow,
  trends: list(trendRow, 100),
  byModel: list(z.object({ model: text, count, qty: num, topModes: list(modeCount, 10) }), 100),
};

export const qualityViewSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('sales'),
    sources: list(source, 4),
    bySource: list(z.object({ source, count, qty: num }), 4),
    byRegion: list(rankRow, 200),
    byDealer: list(rankRow, 200),
    handling: z.object({
      sources: list(source, 4),
      overall: handlingStats,
      byRegion: list(handlingStats.extend({ region: text }), 200),
    }),
  }),
  z.object({ ...categoryBase, kind: z.literal('production') }),
  z.object({
    ...categoryBase,
    kind: z.literal('engineering'),
    newFailureModes: list(newMode, 200),
    byPart: list(rankRow, 200),
  }),
  z.object({
    ...base,
    kind: z.literal('quality'),
    pareto,
    paretoParts: pareto,
    overallTrend: trendRow,
    trends: list(trendRow, 100),
    ppm: z.object({
      rows: list(
        z.object({
          model: text,
          failures: count,
          volume: num,
          ppm: num,
          monthlyPpm: list(num.nullable(), 36),
          windowFailures: count,
          windowVolume: num,
          windowPpm: num.nullable(),
        }),
        200,
      ),
      modelsWithoutVolume: list(text, 200),
    }),
    topMovers: z.object({ failureModes: movers, parts: movers }),
    newFailureModes: list(newMode, 200),
    repeats: z.object({
      windowDays: count,
      total: count,
      rows: list(
        z.object({
          vin: text,
          events: count,
          firstDate: text,
          lastDate: text,
          months: list(text, 36),
          partNos: list(text, 50),
          failureCodes: list(text, 50),
          sameFailureMode: z.boolean(),
        }),
        200,
      ),
    }),
    unmapped: list(
      z.object({
        text,
        count,
        qty: num,
        firstRef: z.object({ file: text, sheet: text, row: count, key: text.optional() }).optional(),
      }),
      300,
    ),
    byModel: list(rankRow, 200),
    bySupplier: list(rankRow, 200),
  }),
  z.object({
    ...base,
    kind: z.literal('purchasing'),
    categories: list(text, 50),
    suppliers: list(
      rankRow.extend({
        rank: count,
        topModes: list(modeCount, 10),
        recovery: z.object({
          status: z.enum(['none', 'open', 'partial', 'recovered']),
          claimedFen: z.number().int().safe(),
          recoveredFen: z.number().int().safe(),
          openClaims: count,
        }),
      }),
      200,
    ),
    unattributed: z.object({ count, qty: num }),
    allSuppliers: list(rankRow, 200),
  }),
]);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const incidentRow = z.object({
  incidentId: text,
  partNo: text,
  partName: text,
  failureName: text,
  supplier: text,
  openedOn: isoDate,
  closedOn: isoDate.nullable(),
  state: z.enum(INCIDENT_STATES),
  openedInMonth: z.boolean(),
  closedInMonth: z.boolean(),
  supplierResponsible: z.boolean().nullable(),
  costFen: z.number().int(),
});

export const qualityFeedbackSchema = z.object({
  company: text,
  period: month,
  /** Draft version (the compilation round); null on the approved, distributed PDF. */
  draft: z.object({ version: z.number().int().min(1) }).nullable(),
  approval: z
    .object({
      by: text,
      at: z.iso.datetime({ offset: true }),
      version: z.number().int().min(1),
      comment: text.optional(),
    })
    .nullable()
    .default(null),
  basis: z.object({
    sources: list(z.object({ file: text, sheet: text, rows: count }), 50),
    rows: count,
    events: count,
    reportMonthEvents: count,
    duplicatesRemoved: count,
    unmappedTexts: count,
    unmappedEvents: count,
    problems: count,
    outOfWindow: count,
  }),
  /**
   * Batch quality incidents opened or closed in the month (domain/early-warning incidentsOfMonth); null when early
   * warning is not configured (no section), an empty list prints 本月无.
   */
  incidents: list(incidentRow, 200).nullable().default(null),
  /** Unmapped texts not listed in the quality view (over the cap). */
  unmappedMore: count.default(0),
  view: qualityViewSchema,
});

export type QualityFeedbackData = z.input<typeof qualityFeedbackSchema>;
export type QualityFeedbackParsed = z.output<typeof qualityFeedbackSchema>;
export type QualityViewParsed = QualityFeedbackParsed['view'];
