import { z } from 'zod';
import { paretoChartSvg } from './charts/pareto-chart';
import { definePdfTemplate } from './define-template';
import {
  baseDocument,
  byLocale,
  chartBlock,
  dataTable,
  keyFigureTable,
  pdfLabels,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

const text = z.string().trim().min(1).max(200);

export const platformCheckSchema = z.object({
  /** Overrides the default title "平台自检报告" / "Platform check". */
  title: text.optional(),
  /** Second line under the title, e.g. the environment and period. */
  subtitle: text.optional(),
  figures: z
    .array(z.object({ label: text, value: z.union([text, z.number()]), hint: text.optional() }))
    .min(1)
    .max(12),
  checks: z
    .array(
      z.object({
        name: text,
        status: z.enum(['ok', 'warn', 'fail']),
        detail: z.string().max(500).optional(),
        durationMs: z.number().int().nonnegative().optional(),
      }),
    )
    .max(50),
  pareto: z
    .object({
      title: text.optional(),
      valueLabel: text.optional(),
      items: z.array(z.object({ label: text, value: z.number().nonnegative() })).max(50),
    })
    .optional(),
  notes: z.array(z.string().max(500)).max(10).optional(),
});

export type PlatformCheckData = z.input<typeof platformCheckSchema>;

/**
 * "平台自检报告 / Platform check": the end-to-end test's and the interim demo's document — title, key
 * figures, a table of checks, a Pareto chart and a sign-off block, i.e. every shared layout element once.
 */
export const platformCheckTemplate = definePdfTemplate('platform-check', platformCheckSchema, (data, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const title = data.title ?? t('平台自检报告', 'Platform check');
  const status = { ok: t('通过', 'OK'), warn: t('警告', 'Warning'), fail: t('失败', 'Failed') } as const;
  const content = [
    ...reportTitle(title, data.subtitle),
    sectionHeading(L.keyFigures),
    keyFigureTable(
      data.figures.map((f) => ({
        label: f.label,
        value: typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value,
        hint: f.hint,
      })),
    ),
    sectionHeading(t('检查项', 'Checks')),
    dataTable({
      locale: ctx.locale,
      columns: [
        { header: '#', width: 22, align: 'right' },
        { header: t('检查项', 'Check'), width: 150 },
        { header: t('结果', 'Result'), width: 50, align: 'center' },
        { header: t('耗时 (毫秒)', 'Time (ms)'), width: 60, align: 'right' },
        { header: t('说明', 'Detail'), width: '*' },
      ],
      rows: data.checks.map((c, i) => [
        i + 1,
        c.name,
        status[c.status],
        c.durationMs?.toLocaleString('en-US'),
        c.detail,
      ]),
    }),
  ];
  if (data.pareto) {
    content.push(
      sectionHeading(data.pareto.title ?? t('问题分布 (帕累托)', 'Issue distribution (Pareto)')),
      chartBlock(paretoChartSvg({ items: data.pareto.items, locale: ctx.locale, valueLabel: data.pareto.valueLabel })),
    );
  }
  for (const note of data.notes ?? []) content.push({ text: note, style: 'note', margin: [0, 0, 0, 4] });
  content.push(signOffBlock(ctx.locale, [t('自检人', 'Checked by'), t('复核人', 'Reviewed by')]));
  return baseDocument({ ctx, title, content });
});
