export type PdfLocale = 'zh-CN' | 'en';

/** Every fixed word printed by the shared layout and charts, per locale (zh-CN is the default). */
export interface PdfLabels {
  /** Between a label and its value: full-width "：" in Chinese. */
  sep: string;
  generatedAt: string;
  docId: string;
  page: (current: number, total: number) => string;
  keyFigures: string;
  signOff: string;
  preparedBy: string;
  reviewedBy: string;
  approvedBy: string;
  name: string;
  signature: string;
  date: string;
  noData: string;
  other: string;
  cumulativeShare: string;
  count: string;
  empty: string;
}

const LABELS: Record<PdfLocale, PdfLabels> = {
  'zh-CN': {
    sep: '：',
    generatedAt: '生成时间',
    docId: '文档编号',
    page: (current, total) => `第${current}页，共${total}页`,
    keyFigures: '关键指标',
    signOff: '签核',
    preparedBy: '编制',
    reviewedBy: '审核',
    approvedBy: '批准',
    name: '姓名',
    signature: '签字',
    date: '日期',
    noData: '无数据',
    other: '其他',
    cumulativeShare: '累计占比',
    count: '数量',
    empty: '—',
  },
  en: {
    sep: ': ',
    generatedAt: 'Generated',
    docId: 'Document ID',
    page: (current, total) => `Page ${current} of ${total}`,
    keyFigures: 'Key figures',
    signOff: 'Sign-off',
    preparedBy: 'Prepared by',
    reviewedBy: 'Reviewed by',
    approvedBy: 'Approved by',
    name: 'Name',
    signature: 'Signature',
    date: 'Date',
    noData: 'No data',
    other: 'Other',
    cumulativeShare: 'Cumulative %',
    count: 'Count',
    empty: '—',
  },
};

export function pdfLabels(locale: PdfLocale = 'zh-CN'): PdfLabels {
  return LABELS[locale] ?? LABELS['zh-CN'];
}

/** Picks the zh-CN or English variant of a template's own text. */
export function byLocale<T>(locale: PdfLocale, zh: T, en: T): T {
  return locale === 'en' ? en : zh;
}
