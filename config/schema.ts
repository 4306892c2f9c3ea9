import { z } from 'zod';
import { DEFAULT_DETECTION } from '../domain/early-warning/types';
import { parseYuanToFen } from '../domain/money';

/** Money in config is written in yuan ("1,000.50" or 1000.5) and held as integer fen. */
const yuan = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const fen = parseYuanToFen(v);
  if (fen === null) {
    ctx.addIssue({ code: 'custom', message: `not a money amount in yuan: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return fen;
});

/** Durations as Temporal/ms strings: "2 days", "36h", "15 minutes". */
const duration = z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?|weeks?)$/i, {
  message: 'expected a duration like "2 days", "36h" or "15 minutes"',
});

const email = z.email();

/** An endpoint of Google's: https, or http on this machine (a local stand-in). Absent: Google's public one. */
const googleUrl = z
  .url()
  .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(u), {
    message: 'must be an https URL (http only on 127.0.0.1)',
  })
  .optional();
const person = z.object({ name: z.string().min(1), email });

const mapping = z.record(z.string(), z.string()).optional();

/**
 * How a sheet is kept (see domain/sheets/source-options.ts): constants (`set: { warehouse: 新件库 }`, or from the
 * sheet/file name: `set: { warehouse: '{sheet}' }`, `setFrom: { warehouse: { from: sheet, pattern: '(新件库|旧件库)' } }`),
 * extra words per enum value, the money convention and row rules (期初余额 skipped or read as the opening balance).
 */
const sourceOptions = {
  mapping,
  set: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
  setFrom: z
    .record(
      z.string(),
      z.object({
        from: z.enum(['sheet', 'file']),
        pattern: z
          .string()
          .refine((p) => {
            try {
              new RegExp(p);
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression')
          .optional(),
      }),
    )
    .optional(),
  values: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
  money: z
    .object({
      sign: z.enum(['positive', 'signed', 'debit-credit']).optional(),
      unit: z.enum(['yuan', 'wan']).optional(),
    })
    .optional(),
  rows: z.array(z.object({ match: z.string().min(1), action: z.enum(['skip', 'opening']) })).optional(),
};

/** One workbook (a glob such as "库存台账 2026-*.xlsx" names several) or spreadsheet, and its sheet(s). */
export const sourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('excel'),
    path: z.string().min(1),
    /** One sheet; `*` or a wildcard pattern reads every visible sheet it matches. */
    sheet: z.string().optional(),
    sheets: z.array(z.string().min(1)).min(1).optional(),
    ...sourceOptions,
  }),
  z.object({
    kind: z.literal('google'),
    spreadsheetId: z.string().min(1),
    tab: z.string().optional(),
    tabs: z.array(z.string().min(1)).min(1).optional(),
    ...sourceOptions,
  }),
]);

/** A logical table from one source or a list of them (several workbooks, or a sheet per warehouse). */
const sourceList = z.union([sourceSchema, z.array(sourceSchema).min(1)]);

/** A limit that is absent is not checked; 0 means no variance allowed on that measure. */
const tolerance = z.object({
  absQty: z.number().nonnegative().optional(),
  percent: z.number().nonnegative().optional(),
  value: yuan.optional(),
});

const D = DEFAULT_DETECTION;

/** The daily detector's rule (domain/early-warning/detect-cell.ts explains each figure). */
const detectionSchema = z
  .object({
    windowDays: z.number().int().min(1).max(28).default(D.windowDays),
    monitorDays: z.number().int().min(1).max(56).default(D.monitorDays),
    baselineDays: z.number().int().min(14).max(365).default(D.baselineDays),
    alpha: z.number().gt(0).lt(0.5).default(D.alpha),
    minCount: z.number().int().min(2).default(D.minCount),
    minRatio: z.number().min(1).default(D.minRatio),
    cusum: z
      .object({
        shift: z.number().gt(1).default(D.cusum.shift),
        threshold: z.number().positive().default(D.cusum.threshold),
      })
      .default(D.cusum),
    dimensions: z.array(z.enum(['supplier', 'region'])).default([...D.dimensions]),
    fieldMonths: z.number().int().min(1).max(120).default(D.fieldMonths),
  })
  .refine((d) => d.windowDays <= d.monitorDays, {
    message: 'windowDays must not be longer than monitorDays',
    path: ['windowDays'],
  });

/**
 * Early warning of batch quality problems (批量质量问题预警): the daily detector and the incidents it opens. Owners
 * default to people from `people`/`departments` (see config/start-inputs/early-warning-settings.ts).
 */
const earlyWarningSchema = z.object({
  detection: detectionSchema.default({ ...D, cusum: { ...D.cusum }, dimensions: [...D.dimensions] }),
  /** How long after the corrective action the problem must not recur before verification is asked for. */
  verification: duration.default('4 weeks'),
  owners: z
    .object({
      containment: person.optional(),
      rootCause: person.optional(),
      action: person.optional(),
      verification: person.optional(),
    })
    .default({}),
  /** Purchasing contact per supplier (name or code as the quality sheets write it); default people.purchasing. */
  purchasingContacts: z.array(z.object({ supplier: z.string().min(1), name: z.string().min(1), email })).default([]),
  /** The incident register (质量事件登记): a system-owned journal the monthly feedback and supplier recovery read. */
  register: sourceSchema.optional(),
});

export const configSchema = z.object({
  company: z.object({ name: z.string().default('售后服务部') }).default({ name: '售后服务部' }),
  timezone: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  dataDir: z.string().default('.data'),
  temporal: z.object({
    /** "embedded" starts the dev server (SQLite under dataDir); anything else is host:port of a cluster. */
    address: z.string().default('embedded'),
    namespace: z.string().default('default'),
    taskQueue: z.string().default('aftersales'),
    /** Archive/mail activities can run on the host that owns the archive (see docs/ARCHITECTURE.md). */
    archiveTaskQueue: z.string().optional(),
    embedded: z
      .object({
        port: z.number().int().default(7233),
        uiPort: z.number().int().default(8233),
        dbFile: z.string().default('temporal.db'),
      })
      .default({ port: 7233, uiPort: 8233, dbFile: 'temporal.db' }),
    tls: z.object({ certPath: z.string(), keyPath: z.string() }).optional(),
    apiKey: z.string().optional(),
  }),
  web: z.object({
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8380),
    publicBaseUrl: z.url(),
  }),
  secrets: z.object({
    /** HMAC keys for action links; the first signs, all verify (rotation). */
    linkKeys: z.array(z.string().min(32, 'link keys must be at least 32 characters')).min(1),
    sessionSecret: z.string().min(32, 'the session secret must be at least 32 characters'),
    csrfSecret: z.string().min(32, 'the CSRF secret must be at least 32 characters'),
  }),
  smtp: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('catcher'),
      port: z.number().int().default(2525),
      outboxDir: z.string().default('outbox'),
      from: z.string(),
    }),
    z.object({
      mode: z.literal('relay'),
      host: z.string(),
      port: z.number().int().default(587),
      secure: z.boolean().default(false),
      user: z.string().optional(),
      pass: z.string().optional(),
      from: z.string(),
    }),
  ]),
  archive: z.object({ dir: z.string().default('store') }).default({ dir: 'store' }),
  google: z
    .union([
      z.object({ serviceAccountKeyFile: z.string(), apiRootUrl: googleUrl }),
      z.object({
        oauth: z.object({
          clientId: z.string(),
          clientSecret: z.string(),
          refreshToken: z.string(),
          /** The OAuth token endpoint (default Google's). */
          tokenUri: googleUrl,
        }),
        apiRootUrl: googleUrl,
      }),
    ])
    .optional(),
  validationPolicy: z.enum(['proceed-with-valid', 'stop-on-error']).default('stop-on-error'),
  sources: z.object({
    parts: sourceList.optional(),
    stockLedger: sourceList.optional(),
    stockMovements: sourceList.optional(),
    dealers: sourceList.optional(),
    dealerTransactions: sourceList.optional(),
    qualityEvents: z.array(sourceSchema).optional(),
    failureModes: sourceList.optional(),
    returns: sourceSchema.optional(),
    productionVolumes: sourceList.optional(),
  }),
  people: z.object({
    manager: person,
    customerSupervisor: person,
    finance: person,
    technician: person.optional(),
    warehouseNew: person.optional(),
    warehouseOld: person.optional(),
    secondApprover: person.optional(),
    purchasing: person.optional(),
  }),
  departments: z.record(
    z.enum(['sales', 'production', 'quality', 'purchasing', 'engineering', 'finance']),
    z.object({ name: z.string(), emails: z.array(email).min(1) }),
  ),
  approvals: z
    .object({
      linkTtl: duration.default('14 days'),
      reminderAfter: duration.default('2 days'),
      escalateAfter: duration.default('5 days'),
    })
    .default({ linkTtl: '14 days', reminderAfter: '2 days', escalateAfter: '5 days' }),
  stocktake: z
    .object({
      blind: z.boolean().default(true),
      countDeadline: duration.default('3 days'),
      recount: z
        .object({ maxRounds: z.number().int().min(0).default(2), differentCounter: z.boolean().default(true) })
        .default({ maxRounds: 2, differentCounter: true }),
      tolerances: z.object({
        default: tolerance,
        byWarehouse: z.record(z.string(), tolerance).default({}),
        byCategory: z.record(z.string(), tolerance).default({}),
      }),
      approvalTiers: z.array(z.object({ approver: person, maxValue: yuan.optional() })).min(1),
      warehouses: z
        .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), name: z.string(), counters: z.array(person).min(1) }))
        .min(1),
    })
    .optional(),
  dunning: z
    .object({
      graceDays: z.number().int().min(0).default(0),
      /** Let a document jump straight to the level its age calls for (default: one level per letter). */
      allowSkipLevels: z.boolean().optional(),
      minDaysBetweenLetters: z.number().int().min(0).optional(),
      concurrency: z.number().int().min(1).default(20),
      minBalanceForStatement: yuan.default(0),
      levels: z
        .array(
          z.object({
            level: z.number().int().min(1),
            daysAfterDue: z.number().int().min(0),
            minOverdue: yuan.default(0),
            template: z.string(),
            fee: yuan.optional(),
            interestBpPerYear: z.number().int().min(0).optional(),
            needsApproval: z.boolean().default(false),
          }),
        )
        .min(1),
      creditHold: z
        .object({ atLevel: z.number().int().min(1).optional(), overLimit: z.boolean().default(true) })
        .default({ overLimit: true }),
    })
    .optional(),
  returns: z
    .object({
      creditApprovalThreshold: yuan.default(5000),
      receiptReminderAfter: duration.default('3 days'),
      maxReceiptReminders: z.number().int().min(0).default(3),
      receiptPollInterval: duration.default('2 hours'),
      receiptDeadline: duration.default('30 days'),
      dealerResponseDeadline: duration.default('14 days'),
      claimAgingLimitDays: z.number().int().default(30),
      claimReminderAfter: duration.default('7 days'),
      targets: z
        .object({
          credits: sourceSchema.optional(),
          oldParts: sourceSchema.optional(),
          inspections: sourceSchema.optional(),
          recoveries: sourceSchema.optional(),
        })
        .default({}),
      suppliers: z
        .array(
          z.object({
            code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
            name: z.string().min(1),
            email: email.optional(),
            contact: z.string().optional(),
          }),
        )
        .default([]),
    })
    .optional(),
  quality: z
    .object({
      dedupeWindowDays: z.number().int().min(0).default(3),
      priorMonths: z.number().int().min(1).default(6),
      repeatWindowDays: z.number().int().min(1).default(90),
    })
    .optional(),
  earlyWarning: earlyWarningSchema.optional(),
  auditors: z
    .array(
      z.object({
        username: z.string().min(1),
        passwordHash: z.string().startsWith('scrypt$'),
        displayName: z.string().optional(),
      }),
    )
    .default([]),
  calendar: z
    .object({ holidays: z.array(z.iso.date()).default([]), extraWorkdays: z.array(z.iso.date()).default([]) })
    .default({ holidays: [], extraWorkdays: [] }),
});

export type AppConfig = z.output<typeof configSchema>;
export type SourceConfig = z.output<typeof sourceSchema>;
export type SourceListConfig = z.output<typeof sourceList>;

/** The first entry of a source or source list: for the callers that address one workbook (demo, return journals). */
export function firstSource(src: SourceListConfig): SourceConfig;
export function firstSource(src: SourceListConfig | undefined): SourceConfig | undefined;
export function firstSource(src: SourceListConfig | undefined): SourceConfig | undefined {
  return Array.isArray(src) ? src[0] : src;
}
