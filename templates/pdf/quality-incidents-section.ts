import type { Content } from 'pdfmake/interfaces';
import { INCIDENT_STATE_LABELS } from '../../domain/early-warning';
import { dataTable, sectionHeading, type PdfLocale } from './layout';
import { note, translator } from './quality-blocks';
import type { QualityFeedbackParsed } from './quality-feedback-schema';

type IncidentRows = NonNullable<QualityFeedbackParsed['incidents']>;

/**
 * 批量质量事件: the batch quality incidents opened or closed in the month with the state each stood in at the
 * month's end (the incident register's last event), or 本月无 when there were none.
 */
export function incidentsSection(rows: IncidentRows, locale: PdfLocale): Content[] {
  const t = translator(locale);
  const heading = sectionHeading(t('批量质量事件', 'Batch quality incidents'));
  if (rows.length === 0) return [heading, note(t('本月无。', 'None this month.'))];
  const opened = rows.filter((r) => r.openedInMonth).length;
  const closed = rows.filter((r) => r.closedInMonth).length;
  const responsible = (v: boolean | null) => (v === null ? '—' : v ? t('是', 'yes') : t('否', 'no'));
  return [
    heading,
    note(
      t(
        `本月开立 ${opened} 起，关闭 ${closed} 起；状态为月末状态。`,
        `${opened} opened and ${closed} closed this month; states as at the month's end.`,
      ),
    ),
    dataTable({
      locale,
      columns: [
        { header: t('事件编号', 'Incident'), width: 130 },
        { header: t('配件 / 故障模式', 'Part / failure mode'), width: '*' },
        { header: t('供应商', 'Supplier'), width: 70 },
        { header: t('开立', 'Opened'), width: 58 },
        { header: t('关闭', 'Closed'), width: 58 },
        { header: t('月末状态', 'State'), width: 62 },
        { header: t('供应商责任', 'Supplier liable'), width: 44 },
      ],
      rows: rows.map((r) => [
        r.incidentId,
        `${r.partName || r.partNo}（${r.partNo}）${r.failureName}`,
        r.supplier || '—',
        r.openedOn,
        r.closedOn ?? '—',
        INCIDENT_STATE_LABELS[r.state][locale === 'en' ? 1 : 0],
        responsible(r.supplierResponsible),
      ]),
    }),
  ];
}
