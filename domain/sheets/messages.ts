/** Reasons a cell or a sheet was rejected, rendered in the user's language for problem reports. */
export type Locale = 'zh-CN' | 'en';

export type ReasonCode =
  | 'required'
  | 'number'
  | 'integer'
  | 'money'
  | 'date'
  | 'month'
  | 'boolean'
  | 'percent'
  | 'enum'
  | 'email'
  | 'negative'
  | 'notPositive'
  | 'formulaError'
  | 'codeIsDate'
  | 'missingColumn'
  | 'headerNotFound'
  | 'mappedColumnNotFound';

const TEXT: Record<ReasonCode, { 'zh-CN': string; en: string }> = {
  required: { 'zh-CN': '必填项为空', en: 'required value is empty' },
  number: { 'zh-CN': '不是有效数字', en: 'not a valid number' },
  integer: { 'zh-CN': '应为整数', en: 'must be a whole number' },
  money: { 'zh-CN': '不是有效金额', en: 'not a valid amount of money' },
  date: {
    'zh-CN': '不是有效日期（请使用 2026-11-03、2026/11/3 或 2026年11月3日）',
    en: 'not a valid date (use 2026-11-03, 2026/11/3 or 2026年11月3日)',
  },
  month: { 'zh-CN': '不是有效月份（请使用 2026-11）', en: 'not a valid month (use 2026-11)' },
  boolean: { 'zh-CN': '应为 是/否（或 Y/N）', en: 'must be yes/no (是/否, Y/N)' },
  percent: { 'zh-CN': '不是有效百分比', en: 'not a valid percentage' },
  enum: { 'zh-CN': '不是允许的取值', en: 'not an allowed value' },
  email: { 'zh-CN': '不是有效的邮箱地址', en: 'not a valid email address' },
  negative: { 'zh-CN': '不能为负数', en: 'must not be negative' },
  notPositive: { 'zh-CN': '必须大于 0', en: 'must be greater than 0' },
  formulaError: { 'zh-CN': '公式计算出错', en: 'the formula returns an error' },
  codeIsDate: {
    'zh-CN': '编号被 Excel 转成了日期，请把该列设为文本后重新输入',
    en: 'Excel turned this code into a date; format the column as text and re-enter it',
  },
  missingColumn: { 'zh-CN': '找不到必需的列', en: 'required column not found' },
  headerNotFound: { 'zh-CN': '找不到表头行', en: 'header row not found' },
  mappedColumnNotFound: {
    'zh-CN': '配置中指定的列在表头中不存在',
    en: 'the column named in the mapping is not in the header',
  },
};

/** The stable, kebab-case code of a reason ("notPositive" → "not-positive"), as tools and the JSON report see it. */
export function problemCode(code: ReasonCode): string {
  return code.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Renders a reason; `detail` (allowed values, expected column names…) is appended in brackets. */
export function reasonText(code: ReasonCode, locale: Locale = 'zh-CN', detail?: string): string {
  const base = TEXT[code][locale];
  if (!detail) return base;
  return locale === 'zh-CN' ? `${base}（${detail}）` : `${base} (${detail})`;
}
