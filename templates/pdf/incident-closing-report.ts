import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatFen } from '../../domain/money';
import { definePdfTemplate } from './define-template';
import { isoDate, text } from './incident-schema';
import { formatP } from './incident-text';
import {
  DEFAULT_TIME_ZONE,
  baseDocument,
  byLocale,
  keyFigureTable,
  recordTable,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

export const incidentClosingReportSchema = z.object({
  company: text,
  incidentId: text,
  part: text,
  failureMode: text,
  suppliers: z.array(text).max(20),
  openedOn: isoDate,
  closedOn: isoDate,
  supplierResponsible: z.boolean(),
  supplier: text.optional(),
  costFen: z.number().int().nonnegative().safe(),
  rounds: z.number().int().min(1),
  recurrences: z.number().int().nonnegative(),
  /** "4 周" / "4 weeks" */
  verification: text,
  evidence: z.object({ docId: text, sha256: text, fileName: text }),
  owners: z.object({ containment: text, rootCause: text, action: text, verification: text }),
  /** `at`: the decision's instant (printed in the company's time zone), or a plain date for the detector's events. */
  steps: z
    .array(z.object({ step: text, by: text, at: z.union([isoDate, z.iso.datetime()]), what: z.string().max(2000) }))
    .max(100),
  signals: z
    .array(
      z.object({
        asOf: isoDate,
        observed: z.number().int(),
        expected: z.number(),
        pValue: z.number(),
        cusum: z.number(),
      }),
    )
    .max(100),
  checks: z.object({ total: z.number().int().nonnegative(), active: z.number().int().nonnegative() }),
});

export type IncidentClosingReportData = z.input<typeof incidentClosingReportSchema>;

const days = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** A decision instant as local time ("2026-11-13 07:41"); a plain date stays as it is. */
function localTime(at: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  return DateTime.fromISO(at, { setZone: true }).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
}

/**
 * 批量质量问题结案报告: the incident from signal to closure — responsibility and cost (what supplier recovery
 * claims), every step with who decided what and when, the detector's signals, and a sign-off block.
 */
export const incidentClosingReportTemplate = definePdfTemplate(
  'incident-closing-report',
  incidentClosingReportSchema,
  (d, ctx) => {
    const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
    const title = t(`批量质量问题结案报告 ${d.part} · ${d.failureMode}`, `Closing report ${d.part} · ${d.failureMode}`);
    const content = [
      ...reportTitle(title, `${d.company} · ${d.incidentId}`),
      keyFigureTable([
        { label: t('开立', 'Opened'), value: d.openedOn },
        {
          label: t('关闭', 'Closed'),
          value: d.closedOn,
          hint: t(`历时 ${days(d.openedOn, d.closedOn)} 天`, `${days(d.openedOn, d.closedOn)} days`),
        },
        {
          label: t('责任', 'Responsibility'),
          value: d.supplierResponsible ? t('供应商', 'Supplier') : t('非供应商', 'Not the supplier'),
          ...(d.supplierResponsible && d.supplier ? { hint: d.supplier } : {}),
        },
        { label: t('事件费用', 'Incident cost'), value: formatFen(d.costFen), hint: t('人民币元', 'CNY') },
        { label: t('措施轮次', 'Action rounds'), value: String(d.rounds) },
        { label: t('复发', 'Recurrences'), value: String(d.recurrences) },
        {
          label: t('预警检测', 'Detector checks'),
          value: String(d.checks.total),
          hint: t(`触发 ${d.checks.active} 次`, `${d.checks.active} fired`),
        },
        { label: t('验证期', 'Verification'), value: d.verification },
      ]),
      {
        text: [
          `${t('供应商', 'Suppliers')}：${d.suppliers.join(t('、', ', ')) || '—'}    `,
          `${t('预警证据', 'Evidence')}：${d.evidence.fileName}（${d.evidence.docId}，SHA-256 ${d.evidence.sha256.slice(0, 16)}…）`,
        ],
        style: 'note',
        margin: [0, 0, 0, 6] as [number, number, number, number],
      },
      sectionHeading(t('处理过程', 'Steps')),
      recordTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { key: 'step', header: t('步骤', 'Step'), width: 60 },
          { key: 'by', header: t('处理人', 'By'), width: 100 },
          { key: 'at', header: t('时间', 'At'), width: 66 },
          { key: 'what', header: t('内容', 'What'), width: '*' },
        ],
        rows: d.steps.map((s) => ({ ...s, at: localTime(s.at, ctx.timeZone ?? DEFAULT_TIME_ZONE) })),
      }),
      sectionHeading(t('预警信号', 'Signals')),
      recordTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { key: 'asOf', header: t('数据截至', 'Events up to'), width: 70 },
          { key: 'observed', header: t('近期件数', 'Observed'), width: 60, align: 'right' },
          { key: 'expected', header: t('预期', 'Expected'), width: 60, align: 'right' },
          { key: 'pValue', header: 'p', width: 70, align: 'right' },
          { key: 'cusum', header: 'CUSUM', width: '*', align: 'right' },
        ],
        rows: d.signals.map((s) => ({
          ...s,
          expected: s.expected.toFixed(1),
          pValue: formatP(s.pValue),
          cusum: s.cusum.toFixed(1),
        })),
      }),
      sectionHeading(t('责任人', 'Owners')),
      {
        text: t(
          `遏制：${d.owners.containment}；原因分析：${d.owners.rootCause}；纠正措施：${d.owners.action}；效果验证：${d.owners.verification}`,
          `Containment: ${d.owners.containment}; root cause: ${d.owners.rootCause}; action: ${d.owners.action}; verification: ${d.owners.verification}`,
        ),
        style: 'note',
        margin: [0, 0, 0, 6] as [number, number, number, number],
      },
      signOffBlock(ctx.locale, [t('品质部', 'Quality'), t('售后服务部', 'After-sales'), t('售后经理', 'Manager')]),
    ];
    return baseDocument({ ctx, title, content });
  },
);
