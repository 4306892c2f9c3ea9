import { z } from 'zod';
import type { Content } from 'pdfmake/interfaces';
import { formatFen } from '../../domain/money';
import { barChartSvg } from './charts/bar-chart';
import { definePdfTemplate } from './define-template';
import {
  baseDocument,
  byLocale,
  chartBlock,
  dataTable,
  type DataCell,
  keyFigureTable,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

const text = z.string().trim().min(1).max(300);
const opt = z.string().max(300).optional();
const int = z.number().int();
const qty = z.number();

const summaryRow = z.object({
  kind: z.enum(['total', 'warehouse', 'zone']),
  label: text,
  lines: int,
  counted: int,
  uncounted: int,
  matched: int,
  variances: int,
  cardMismatches: int,
  overTolerance: int,
  moved: int,
  bookValueFen: int,
  gainValueFen: int,
  lossValueFen: int,
  netValueFen: int,
  absValueFen: int,
});

const lineRef = { location: text, partNo: text, partName: z.string().max(300) };

export const stocktakeReportSchema = z.object({
  status: z.enum(['draft', 'final']),
  outcome: z.enum(['pending', 'posted', 'clean', 'rejected', 'cannot-approve']),
  mode: z.enum(['monthly', 'adhoc']),
  period: text,
  warehouse: text,
  workflowId: text,
  cutoffDate: text,
  scope: opt,
  snapshot: z.object({ lines: int, sha256: text, docId: opt }),
  summary: z.array(summaryRow).min(1).max(200),
  variances: z.object({
    count: int,
    top: z
      .array(
        z.object({
          ...lineRef,
          bookQty: qty,
          cardQty: qty,
          countedQty: qty.nullable(),
          movementQty: qty,
          varianceQty: qty,
          valueFen: int,
          overTolerance: z.boolean(),
          round: int.nullable(),
          counter: z.string().max(100).nullable(),
        }),
      )
      .max(60),
  }),
  cardMismatches: z.object({
    count: int,
    top: z.array(z.object({ ...lineRef, bookQty: qty, cardQty: qty, countedQty: qty.nullable() })).max(40),
  }),
  movements: z.object({
    matched: int,
    unmatched: int,
    invalidRows: int,
    top: z.array(z.object({ date: text, location: z.string().max(100), partNo: text, qty, docNo: text })).max(30),
  }),
  recounts: z.array(
    z.object({ round: int, sheets: int, lines: int, counters: z.string().max(300), overToleranceAfter: int }),
  ),
  escalated: z.object({
    count: int,
    top: z.array(z.object({ ...lineRef, varianceQty: qty, valueFen: int })).max(30),
  }),
  approvals: z.object({
    valueFen: int,
    required: z.array(z.object({ name: text, limitFen: int.nullable() })).max(10),
    decisions: z
      .array(z.object({ name: text, action: text, at: text, comment: z.string().max(2000).optional() }))
      .max(20),
  }),
  posting: z
    .object({
      journalTab: text,
      correctionsTab: text,
      target: text,
      rows: int,
      corrections: int,
      firstDocNo: z.string().max(100).nullable(),
      lastDocNo: z.string().max(100).nullable(),
      moved: int,
      movedLines: z
        .array(
          z.object({
            ...lineRef,
            snapshotBookQty: qty,
            currentBookQty: qty.nullable(),
            adjustmentQty: qty,
            postedBookQty: qty.nullable(),
          }),
        )
        .max(30),
    })
    .optional(),
  notes: z.array(z.string().max(500)).max(20).default([]),
});

export type StocktakeReportData = z.input<typeof stocktakeReportSchema>;

const money = (fen: number): string => (fen < 0 ? `-¥${formatFen(-fen)}` : `¥${formatFen(fen)}`);
const num = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 3 }));

/** A column: Chinese header, English header, width, right-aligned. */
type Col = [string, string, number | '*', boolean?];

/** Columns written compactly: '库位|Bin|52; 金额|Value|54|r' (r = right-aligned, * = the rest). */
function cols(spec: string): Col[] {
  return spec.split('; ').map((c) => {
    const [zh, en, w, r] = c.split('|') as [string, string, string, string?];
    return [zh, en, w === '*' ? '*' : Number(w), r === 'r'];
  });
}

/**
 * "月度盘点报告 / Stocktake report": key figures and value impact, the summary per warehouse and zone, the top
 * variances, 账卡不符 lines, movements after the cut-off (never variances), recount history, escalations,
 * approvals, the posting and a sign-off block. The draft (before approval) carries the same body.
 */
export const stocktakeReportTemplate = definePdfTemplate('stocktake-report', stocktakeReportSchema, (d, ctx) => {
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const table = (cols: Col[], rows: DataCell[][], fontSize = 7.5): Content =>
    dataTable({
      locale: ctx.locale,
      fontSize,
      columns: cols.map(([zh, en, width, right]) => ({
        header: t(zh, en),
        width,
        ...(right ? { align: 'right' as const } : {}),
      })),
      rows,
    });
  const note = (zh: string, en: string): Content => ({ text: t(zh, en), style: 'note', margin: [0, 0, 0, 4] });
  const kind =
    d.mode === 'adhoc' ? t('不定期盘点报告', 'Ad hoc stocktake report') : t('月度盘点报告', 'Monthly stocktake report');
  const title = `${kind}${d.status === 'draft' ? t('（草稿）', ' (draft)') : ''}`;
  const outcome = {
    pending: t('待审批', 'awaiting approval'),
    posted: t('已过账', 'posted'),
    clean: t('无差异', 'no variances'),
    rejected: t('已驳回，未过账', 'rejected, not posted'),
    'cannot-approve': t('超出审批权限，未过账', 'beyond approval limits, not posted'),
  }[d.outcome];
  const total = d.summary.find((r) => r.kind === 'total') ?? d.summary[0]!;
  const scope = d.scope ? ` · ${t('范围', 'scope')} ${d.scope}` : '';
  const content: Content[] = [
    ...reportTitle(
      title,
      `${d.warehouse} · ${d.period} · ${t('截止日', 'cut-off')} ${d.cutoffDate} · ${outcome}${scope}`,
    ),
    sectionHeading(t('关键指标', 'Key figures')),
    keyFigureTable([
      {
        label: t('盘点行数', 'Lines'),
        value: num(total.lines),
        hint: t(`未盘 ${total.uncounted}`, `${total.uncounted} uncounted`),
      },
      {
        label: t('差异行（物≠账）', 'Variances'),
        value: num(total.variances),
        hint: t(`超差 ${total.overTolerance}`, `${total.overTolerance} over tolerance`),
      },
      { label: t('账卡不符', 'Book ≠ card'), value: num(total.cardMismatches) },
      { label: t('账面金额', 'Book value'), value: money(total.bookValueFen) },
      { label: t('盘盈金额', 'Gains'), value: money(total.gainValueFen) },
      { label: t('盘亏金额', 'Losses'), value: money(total.lossValueFen) },
      { label: t('净影响', 'Net impact'), value: money(total.netValueFen) },
      { label: t('差异总额（绝对值）', 'Gross value moved'), value: money(total.absValueFen) },
    ]),
    sectionHeading(t('汇总（按仓库、库区）', 'Summary by warehouse and zone')),
    table(
      cols(
        '仓库/库区|Warehouse/zone|70; 行数|Lines|32|r; 已盘|Counted|32|r; 相符|Matched|32|r; 差异|Var.|30|r; 超差|Over|30|r; 账卡不符|Card|36|r; 盘盈|Gains|*|r; 盘亏|Losses|*|r; 净额|Net|*|r',
      ),
      d.summary.map((r) => [
        r.kind === 'zone' ? `  ${r.label}` : r.label,
        r.lines,
        r.counted,
        r.matched,
        r.variances,
        r.overTolerance,
        r.cardMismatches,
        formatFen(r.gainValueFen),
        formatFen(r.lossValueFen),
        formatFen(r.netValueFen),
      ]),
      8,
    ),
  ];
  const zones = d.summary.filter((r) => r.kind === 'zone' && r.absValueFen > 0);
  if (zones.length > 1) {
    content.push(
      sectionHeading(t('金额影响（按库区净额，元）', 'Value impact by zone (net, yuan)')),
      chartBlock(
        barChartSvg({
          locale: ctx.locale,
          height: 170,
          items: zones.slice(0, 20).map((z) => ({ label: z.label, value: z.netValueFen / 100 })),
          formatValue: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 }),
        }),
      ),
    );
  }
  content.push(
    sectionHeading(
      t(`主要差异（共 ${d.variances.count} 行，按金额排序）`, `Top variances (${d.variances.count} lines, by value)`),
    ),
    d.variances.top.length
      ? table(
          cols(
            '库位|Bin|52; 配件编号|Part|56; 名称|Name|*; 账|Book|28|r; 卡|Card|28|r; 物|Count|28|r; 截止后|Moved|30|r; 差异|Var.|30|r; 金额|Value|54|r; 超差|Over|26; 轮次|Rd|22|r',
          ),
          d.variances.top.map((v) => [
            v.location,
            v.partNo,
            v.partName,
            num(v.bookQty),
            num(v.cardQty),
            num(v.countedQty),
            v.movementQty ? num(v.movementQty) : '',
            num(v.varianceQty),
            formatFen(v.valueFen),
            v.overTolerance ? t('是', 'yes') : '',
            v.round ?? '',
          ]),
        )
      : note('无差异。', 'No variances.'),
    sectionHeading(
      t(
        `账卡不符（共 ${d.cardMismatches.count} 行，不论实盘结果均标出）`,
        `Book ≠ bin card (${d.cardMismatches.count} lines, flagged whatever the count)`,
      ),
    ),
    d.cardMismatches.top.length
      ? table(
          cols('库位|Bin|60; 配件编号|Part|70; 名称|Name|*; 账|Book|40|r; 卡|Card|40|r; 物|Count|40|r'),
          d.cardMismatches.top.map((c) => [
            c.location,
            c.partNo,
            c.partName,
            num(c.bookQty),
            num(c.cardQty),
            num(c.countedQty),
          ]),
        )
      : note('账卡一致。', 'Book and bin cards agree.'),
    {
      unbreakable: true,
      stack: [
        sectionHeading(
          t(
            '截止日后出入库（已从实盘数中扣除，不计为差异）',
            'Movements after the cut-off (netted out, not variances)',
          ),
        ),
        note(
          `匹配 ${d.movements.matched} 笔，无法匹配库位 ${d.movements.unmatched} 笔，无效行 ${d.movements.invalidRows} 行。`,
          `${d.movements.matched} matched, ${d.movements.unmatched} unmatched, ${d.movements.invalidRows} invalid rows.`,
        ),
      ],
    },
  );
  if (d.movements.top.length) {
    content.push(
      table(
        cols('日期|Date|60; 库位|Bin|70; 配件编号|Part|80; 数量|Qty|50|r; 单据号|Document|*'),
        d.movements.top.map((m) => [m.date, m.location, m.partNo, num(m.qty), m.docNo]),
      ),
    );
  }
  content.push(
    sectionHeading(t('盘点与复盘记录', 'Count and recount history')),
    table(
      cols(
        '轮次|Round|70; 盘点表|Sheets|50|r; 行数|Lines|50|r; 盘点人|Counters|*; 本轮后超差|Over tolerance after|90|r',
      ),
      d.recounts.map((r) => [
        r.round === 1 ? t('1（初盘）', '1 (count)') : t(`${r.round}（复盘）`, `${r.round} (recount)`),
        r.sheets,
        r.lines,
        r.counters,
        r.overToleranceAfter,
      ]),
      9,
    ),
  );
  if (d.escalated.count > 0) {
    content.push(
      sectionHeading(
        t(
          `复盘后仍超差，已上报（${d.escalated.count} 行）`,
          `Still over tolerance after recounts, escalated (${d.escalated.count})`,
        ),
      ),
      table(
        cols('库位|Bin|70; 配件编号|Part|80; 名称|Name|*; 差异|Var.|50|r; 金额|Value|70|r'),
        d.escalated.top.map((e) => [e.location, e.partNo, e.partName, num(e.varianceQty), formatFen(e.valueFen)]),
      ),
    );
  }
  const approvers = d.approvals.required.map((r) =>
    t(
      `${r.name}（${r.limitFen === null ? '不限额' : `限额 ${money(r.limitFen)}`}）`,
      `${r.name} (${r.limitFen === null ? 'no limit' : `limit ${money(r.limitFen)}`})`,
    ),
  );
  content.push(
    sectionHeading(t('审批', 'Approvals')),
    note(
      `审批金额（差异绝对值）${money(d.approvals.valueFen)}；需审批人：${approvers.join('、') || '无需审批'}`,
      `Value for approval ${money(d.approvals.valueFen)}; approvers: ${approvers.join(', ') || 'none needed'}`,
    ),
  );
  if (d.approvals.decisions.length) {
    content.push(
      table(
        cols('审批人|Approver|90; 决定|Decision|60; 时间|Time|120; 意见|Comment|*'),
        d.approvals.decisions.map((a) => [a.name, a.action, a.at, a.comment]),
        9,
      ),
    );
  }
  if (d.posting) {
    const p = d.posting;
    content.push(
      sectionHeading(t('过账', 'Posting')),
      keyFigureTable([
        { label: t('调整凭证行', 'Journal rows'), value: num(p.rows) },
        { label: t('更正账面/卡片行', 'Corrected lines'), value: num(p.corrections) },
        { label: t('快照后账面变动', 'Moved since snapshot'), value: num(p.moved) },
      ]),
      note(
        `单据号 ${p.firstDocNo ?? '—'} 至 ${p.lastDocNo ?? '—'}（连续编号，共 ${num(p.rows)} 张）。调整凭证写入“${p.journalTab}”，调整后账面写入“${p.correctionsTab}”（${p.target}）。快照后账面有变动的行按差额调整，不覆盖现有账面。`,
        `Documents ${p.firstDocNo ?? '—'} to ${p.lastDocNo ?? '—'} (numbered without gaps, ${num(p.rows)} in all). Journal in "${p.journalTab}", corrected book in "${p.correctionsTab}" (${p.target}). Lines that moved since the snapshot are adjusted by the difference, never overwritten.`,
      ),
    );
    if (p.movedLines.length) {
      content.push(
        table(
          cols(
            '库位|Bin|60; 配件编号|Part|70; 快照账面|Snapshot|50|r; 当前账面|Current|50|r; 调整|Adj.|40|r; 调整后|Posted|*|r',
          ),
          p.movedLines.map((m) => [
            m.location,
            m.partNo,
            num(m.snapshotBookQty),
            num(m.currentBookQty),
            num(m.adjustmentQty),
            num(m.postedBookQty),
          ]),
        ),
      );
    }
  }
  for (const n of d.notes) content.push({ text: n, style: 'note', margin: [0, 2, 0, 2] });
  const archived = d.snapshot.docId ? t(`，归档编号 ${d.snapshot.docId}`, `, archive id ${d.snapshot.docId}`) : '';
  content.push(
    {
      text: t(
        `快照 ${d.snapshot.lines} 行，SHA-256 ${d.snapshot.sha256}${archived}；流程 ${d.workflowId}`,
        `Snapshot of ${d.snapshot.lines} lines, SHA-256 ${d.snapshot.sha256}${archived}; workflow ${d.workflowId}`,
      ),
      style: 'note',
      margin: [0, 8, 0, 0],
    },
    signOffBlock(ctx.locale, [
      t('盘点人', 'Counted by'),
      t('仓库主管', 'Warehouse'),
      t('财务', 'Finance'),
      t('售后经理', 'Manager'),
    ]),
  );
  return baseDocument({ ctx, title: `${title} ${d.warehouse} ${d.period}`, content });
});
