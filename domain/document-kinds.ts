/**
 * Every kind of document the application archives, with the name a person reads, in zh-CN and English. The one
 * place these names live: the portal's 类型 column and filter, the action page's attachment list and anything
 * else that shows a kind use `documentKindLabel`. `ArchiveMeta.kind` is typed by this list, so a new kind of
 * document does not compile until it has its names here.
 */
export const DOCUMENT_KINDS = {
  'stocktake-snapshot': { 'zh-CN': '盘点账面快照', en: 'Stocktake ledger snapshot' },
  'stocktake-count-sheet': { 'zh-CN': '盘点表', en: 'Count sheet' },
  'stocktake-problems': { 'zh-CN': '盘点表问题清单', en: 'Count sheet problems' },
  'stocktake-draft': { 'zh-CN': '盘点差异报告（草稿）', en: 'Stocktake variance report (draft)' },
  'stocktake-report': { 'zh-CN': '盘点报告', en: 'Stocktake report' },
  statement: { 'zh-CN': '对账单', en: 'Statement of account' },
  'dunning-letter': { 'zh-CN': '催款函', en: 'Dunning letter' },
  'dunning-letter-draft': { 'zh-CN': '催款函（待审批）', en: 'Dunning letter (draft)' },
  'dunning-problems': { 'zh-CN': '往来账数据问题清单', en: 'Dealer data problems' },
  'finance-summary': { 'zh-CN': '经销商往来账目月统计报表', en: 'Dealer accounts monthly summary' },
  'quality-feedback-draft': { 'zh-CN': '质量信息反馈表（草稿）', en: 'Quality feedback (draft)' },
  'quality-feedback': { 'zh-CN': '质量信息反馈表', en: 'Quality feedback' },
  'quality-summary': { 'zh-CN': '质量信息汇总表', en: 'Quality summary table' },
  'quality-problems': { 'zh-CN': '质量数据问题清单', en: 'Quality data problems' },
  grn: { 'zh-CN': '入库单', en: 'Goods-received note' },
  'supplier-claim': { 'zh-CN': '供应商索赔单', en: 'Supplier claim' },
  'platform-check': { 'zh-CN': '平台自检报告', en: 'Platform check report' },
  'incident-evidence': { 'zh-CN': '质量预警证据', en: 'Quality alert evidence' },
  'incident-closing-report': { 'zh-CN': '质量事件结案报告', en: 'Quality incident closing report' },
} as const satisfies Record<string, { 'zh-CN': string; en: string }>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const isDocumentKind = (kind: string): kind is DocumentKind => Object.hasOwn(DOCUMENT_KINDS, kind);

/** The kind's name for a person; a kind unknown to this version (an older archive entry) reads "other document". */
export function documentKindLabel(kind: string, lang: 'zh-CN' | 'en'): string {
  if (isDocumentKind(kind)) return DOCUMENT_KINDS[kind][lang];
  return lang === 'en' ? `Other document (${kind})` : `其他文件（${kind}）`;
}
