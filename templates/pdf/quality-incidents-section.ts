import type { Content } from 'pdfmake/interfaces';
import { INCIDENT_STATE_LABELS } from '../../domain/early-warning';
import { formatFen } from '../../domain/money';
import { dataTable, sectionHeading, type PdfLocale } from './layout';
import { note, translator } from './quality-blocks';
import type { QualityFeedbackParsed } from './quality-feedback-schema';

type IncidentRows = NonNullable<QualityFeedbackParsed['incidents']>;

/**
 * 批量质量事件: the batch quality incidents opened or closed in the month with the state each stood in at the
 * month's end (the incident register's last event) and the cost of those closed, or 本月无 when there were none. The
 * costs of supplier-responsible incidents closed in the month are claimed in the month's supplier claims (the
 * purchasing view's 已索赔 includes them): the note says how much, so the two tie.
 */
export function incidentsSection(rows: IncidentRows, locale: PdfLocale): Content[] {
  const t = translator(locale);
  const heading = sectionHeading(t('批量质量事件', 'Batch quality incidents'));
  if (rows.length === 0) return [heading, note(t('本月无。', 'None this month.'))];
  const opened = rows.filter((r) => r.openedInMonth).length;
  const closed = rows.filter((r) => r.closedInMonth).length;
  const responsible = (v: boolean | null) => (v === null ? '—' : v ? t('是', 'yes') : t('否', 'no'));
  const claimed = rows.filter((r) => r.closedInMonth && r.supplierResponsible === true && r.costFen > 0);
  const claimedFen = claimed.reduce((sum, r) => sum + r.costFen, 0);
  return [
    heading,
    note(
      t(
        `本月开立 ${opened} 起，关闭 ${closed} 起；状态为月末状态。`,
        `${opened} opened and ${closed} closed this month; states as at the month's end.`,
      ) +
        (claimed.length
          ? t(
              `其中供应商责任、本月关闭的 ${claimed.length} 起事件费用共 ${formatFen(claimedFen)} 元，计入本月供应商索赔（各按事件编号一行）。`,
              ` The costs of the ${claimed.length} supplier-responsible incident(s) closed this month, ${formatFen(claimedFen)} CNY in all, are claimed in this month's supplier claims (one line per incident).`,
            )
          : ''),
    ),
    dataTable({
      locale,
      columns: [
        { header: t('事件编号', 'Incident'), width: 130 },
        { header: t('配件 / 故障模式', 'Part / failure mode'), width: '*' },
        { header: t('供应商', 'Supplier'), width: 64 },
        { header: t('开立', 'Opened'), width: 50 },
        { header: t('关闭', 'Closed'), width: 50 },
        { header: t('月末状态', 'State'), width: 56 },
        { header: t('供应商责任', 'Supplier liable'), width: 40 },
        { header: t('费用（元）', 'Cost (CNY)'), width: 52, align: 'right' },
      ],
      rows: rows.map((r) => [
        r.incidentId,
        `${r.partName || r.partNo}（${r.partNo}）${r.failureName}`,
        r.supplier || '—',
        r.openedOn,
        r.closedOn ?? '—',
        INCIDENT_STATE_LABELS[r.state][locale === 'en' ? 1 : 0],
        responsible(r.supplierResponsible),
        r.closedOn ? formatFen(r.costFen) : '—',
      ]),
    }),
  ];
}
