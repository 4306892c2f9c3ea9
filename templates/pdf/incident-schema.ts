import { z } from 'zod';

/* Data pieces shared by the early-warning incident PDFs (alert evidence, closing report). */

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const text = z.string().max(400);
const count = z.number().int().nonnegative();
const real = z.number().refine(Number.isFinite, 'a finite number');

export const cellFiguresSchema = z.object({
  baselineCount: count,
  baselineExposure: real,
  windowExposure: real,
  volumeAdjusted: z.boolean(),
  observed: count,
  expected: real,
  testMean: real,
  ratio: z.number(),
  pValue: z.number().min(0).max(1),
  alpha: z.number().positive(),
  cusum: real,
  cusumThreshold: real,
  monitorCount: count,
  risingDaysAgo: z.number().int().nonnegative().nullable(),
  firedBy: z.array(z.enum(['poisson', 'cusum'])),
});

export const ruleSchema = z.object({
  windowDays: z.number().int().positive(),
  monitorDays: z.number().int().positive(),
  baselineDays: z.number().int().positive(),
  alpha: z.number().positive(),
  minCount: z.number().int().positive(),
  minRatio: z.number().positive(),
  shift: z.number().positive(),
  threshold: z.number().positive(),
});

const spreadRow = z.object({ value: text, recent: count, baseline: count });

export const evidenceSchema = z.object({
  company: text,
  incidentId: text.optional(),
  asOf: isoDate,
  key: text,
  partNo: text,
  partName: text.optional(),
  failureCode: text,
  failureName: text,
  suppliers: z.array(text).max(20),
  models: z.array(text).max(20),
  rule: ruleSchema,
  figures: cellFiguresSchema,
  /** The part × failure mode fired as a whole (else only a supplier/region inside it did). */
  fired: z.boolean(),
  /** Judged against the baseline frozen when the incident opened. */
  frozen: z.boolean(),
  scopes: z.array(z.object({ dimension: z.enum(['supplier', 'region']), value: text, figures: cellFiguresSchema })),
  daily: z.array(z.object({ date: isoDate, count, expected: real })).max(400),
  events: z
    .array(
      z.object({
        date: isoDate,
        source: text,
        model: text,
        vin: text.optional(),
        region: text.optional(),
        dealerId: text.optional(),
        supplier: text.optional(),
        qty: z.number().nonnegative(),
        description: text.optional(),
        where: text.optional(),
      }),
    )
    .max(2000),
  eventCount: count,
  spread: z.object({ regions: z.array(spreadRow), models: z.array(spreadRow), suppliers: z.array(spreadRow) }),
  vin: z.object({
    events: count,
    withVin: count,
    distinct: count,
    ranges: z.array(z.object({ prefix: text, from: text, to: text, count })),
  }),
});
