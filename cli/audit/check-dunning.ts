/**
 * Dealer dunning: 经销商往来账目月统计报表 against what the month's children did (history: letters sent, holds
 * written, disputes opened, charges posted; the month's balances and aging from their first look) and the dealers
 * held back; each letter against the letter sent (level, number, approval); the letter numbers contiguous per dealer; each
 * statement's balance and aging against the child's month; the 退货抵扣 journal's credits on the statements, once.
 */
import type { ChildBegin, PrepareRunResult } from '../../activities/dunning/types';
import { readSystemCredits } from '../../activities/dunning/system-credits';
import { LETTER_SERIES } from '../../activities/dunning/letter-document';
import { formatDocNumber } from '../../activities/numbering/document-numbers';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import {
  heldBackResult,
  mergeSummaries,
  summarizeFinance,
  type DealerMonthResult,
  type FinanceTotals,
} from '../../domain/dunning';
import type { FinanceSummaryData } from '../../templates/pdf/finance-summary';
import type { LetterData } from '../../templates/pdf/dunning-letter';
import type { StatementData } from '../../templates/pdf/statement-of-account';
import type { AuditContext } from './audit-context';
import { completedOf, workflowIdsStartingWith, type WorkflowFacts } from './workflow-facts';
import { periodBounds } from '../../domain/calendar';
import { dunningSettingsFromConfig } from '../../config/start-inputs/dunning-settings';

interface SentLetter {
  dealerId: string;
  workflowId: string;
  letterNo: string;
  level: number;
  docId: string;
}

const lastRun = (f: WorkflowFacts): WorkflowFacts => {
  const run = f.runs[f.runs.length - 1];
  return { ...f, completed: f.completed.filter((a) => a.runId === run) };
};

/** A dealer's month as its history says it went (the latest run re-does the earlier ones idempotently). */
function monthOf(f: WorkflowFacts): { result: DealerMonthResult; letters: SentLetter[] } | null {
  const run = lastRun(f);
  const begin = completedOf<unknown, ChildBegin>(run, 'beginDealerMonth')[0]?.result;
  const facts = begin?.facts;
  const month = facts?.month;
  if (!facts || !month) return null;
  const letters = new Map<string, SentLetter>();
  // A child's steps may be local activities, recorded with their result only: read what they did from the input
  // when history has it, else from the result (which repeats it).
  type Sent = { letterNo: string; level: number; docId: string };
  for (const { input, result } of completedOf<Sent | undefined, Sent>(run, 'sendDunningLetter')) {
    const sent = input ?? result;
    letters.set(sent.letterNo, {
      dealerId: facts.dealerId,
      workflowId: f.workflowId,
      letterNo: sent.letterNo,
      level: sent.level,
      docId: sent.docId,
    });
  }
  let onHold = facts.onHold;
  let creditHold: DealerMonthResult['creditHold'] = 'none';
  for (const { input, result } of completedOf<{ hold: boolean } | undefined, { hold: boolean }>(
    run,
    'writeCreditHold',
  )) {
    onHold = (input ?? result).hold;
    creditHold = onHold ? 'set' : 'lifted';
  }
  if (creditHold === 'none' && onHold) creditHold = 'kept';
  const opened = completedOf<{ change: { kind: string } } | undefined, { change?: string }>(
    run,
    'changeDealerState',
  ).some((c) => (c.input?.change.kind ?? c.result.change) === 'open-dispute');
  let interest = 0;
  let fees = 0;
  for (const { input, result } of completedOf<
    { fee: boolean } | undefined,
    { fee?: boolean; feeFen: number; interestFen: number }
  >(run, 'postDunningCharges')) {
    if (input?.fee ?? result.fee) fees += result.feeFen;
    else interest += result.interestFen;
  }
  return {
    result: {
      dealerId: facts.dealerId,
      region: facts.region,
      heldBack: false,
      problemCount: 0,
      totals: month.totals,
      aging: month.aging,
      statementSent: completedOf(run, 'sendStatementMail').length > 0,
      levelsSent: [...letters.values()].map((l) => l.level),
      disputed: facts.openDisputes.length > 0 || opened,
      creditHold,
      onHold,
      interestChargedFen: interest,
      feesChargedFen: fees,
    },
    letters: [...letters.values()],
  };
}

const FIGURES: [keyof FinanceTotals, string][] = [
  ['dealers', '经销商数'],
  ['heldBack', '暂缓'],
  ['statementsSent', '对账单'],
  ['openingFen', '期初余额'],
  ['shipmentsFen', '发货'],
  ['paymentsFen', '回款'],
  ['creditsFen', '退货抵扣'],
  ['feesFen', '费用'],
  ['closingFen', '期末余额'],
  ['aging', '账龄'],
  ['levelsSent', '催款函（按级别）'],
  ['disputes', '异议'],
  ['holdsSet', '新增信用冻结'],
  ['holdsLifted', '解除信用冻结'],
  ['onHold', '信用冻结'],
  ['interestChargedFen', '利息'],
  ['feesChargedFen', '催款费'],
];

export async function checkDunning(ctx: AuditContext): Promise<void> {
  const period = ctx.period;
  const parentId = `dunning-${period}`;
  const [summary] = (await ctx.latest('finance-summary')).filter((e) => e.workflowId === parentId);
  const parent = await ctx.workflow(parentId);
  if (!summary || !parent) return;

  const prepared = completedOf<unknown, PrepareRunResult>(parent, 'prepareDunningRun')[0]?.result;
  const results: DealerMonthResult[] = [];
  const letters: SentLetter[] = [];
  const running: string[] = [];
  const failed: string[] = [];
  const months = new Map<string, DealerMonthResult>();
  for (const id of await workflowIdsStartingWith(ctx.o.client, `${parentId}-`, 'dunningDealerWorkflow')) {
    const f = await ctx.workflow(id);
    if (!f) continue;
    const dealerId = id.slice(parentId.length + 1);
    if (['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'].includes(f.status)) {
      failed.push(dealerId);
      continue;
    }
    if (f.status === 'RUNNING') running.push(dealerId);
    const m = monthOf(f);
    if (!m) continue;
    results.push(m.result);
    months.set(dealerId, m.result);
    letters.push(...m.letters);
  }
  const recomputed = mergeSummaries(
    mergeSummaries(prepared?.heldBackSummary ?? summarizeFinance([]), summarizeFinance(results)),
    summarizeFinance(failed.map((dealerId) => heldBackResult({ dealerId, region: '' }, 0))),
  );

  // 1. The summary's figures, overall and per region, from the same final facts as the letters and statements.
  const stated = await ctx.stated<FinanceSummaryData>(summary);
  if (stated) {
    const from = `${parentId}-* histories, ${prepared ? 'prepareDunningRun' : 'no preparation'}`;
    for (const [key, label] of FIGURES) ctx.compare(summary, label, stated.overall[key], recomputed.overall[key], from);
    const regions = Object.fromEntries(stated.byRegion.map(({ region, ...t }) => [region, t]));
    for (const [region, t] of Object.entries(recomputed.byRegion)) {
      for (const key of ['dealers', 'closingFen', 'levelsSent', 'disputes', 'onHold'] as const)
        ctx.compare(summary, `${region} ${key}`, regions[region]?.[key], t[key], from);
    }
    ctx.compare(summary, '待处理', stated.pending?.count ?? 0, running.length, 'dealers whose month is still running');
  }

  // 2. Each letter: the one sent, at the level sent, numbered as sent, approved when its level needed it.
  const archivedLetters = await ctx.latest('dunning-letter', (e) => e.workflowId.startsWith(`${parentId}-`));
  const byDoc = new Map(archivedLetters.map((e) => [e.docId, e]));
  for (const l of letters) {
    const e = byDoc.get(l.docId);
    if (!e) {
      ctx.compare(summary, `催款函 ${l.letterNo} archived`, 'missing', l.docId, `${l.workflowId} sendDunningLetter`);
      continue;
    }
    const data = await ctx.stated<LetterData>(e);
    if (!data) continue;
    ctx.compare(e, '函号', data.letterNo, l.letterNo, `${l.workflowId} sendDunningLetter`);
    ctx.compare(e, '催款级别', data.level, l.level, `${l.workflowId} sendDunningLetter`);
    const f = await ctx.workflow(l.workflowId);
    const approved = f?.decisions.find((d) => d.stepId === `approve-L${l.level}-${period}` && d.action === 'approve');
    ctx.compare(
      e,
      '签核 审批时间',
      data.approval?.at ?? null,
      approved?.decidedAt ?? null,
      `${l.workflowId} decisions`,
    );
  }
  // Numbers contiguous from 01 per dealer and month: every letter sent has one, none skipped, none given twice.
  const numbers = letters.map((l) => l.letterNo).sort();
  const perDealer = new Map<string, number>();
  const expected = [...letters]
    .sort((a, b) => a.dealerId.localeCompare(b.dealerId))
    .map((l) => {
      const n = (perDealer.get(l.dealerId) ?? 0) + 1;
      perDealer.set(l.dealerId, n);
      return formatDocNumber(LETTER_SERIES, period, n, l.dealerId);
    })
    .sort();
  ctx.compare(summary, '函号连续', numbers, expected, 'letters sent (history)');

  // 3. Each statement: balance and aging as the dealer's month; the system's credits on it, once each.
  const settings = dunningSettingsFromConfig(ctx.o.cfg, period);
  const credits = await readSystemCredits(createExcelBackend({ root: ctx.o.cfg.dataDirAbs }), settings.sources.credits);
  const { from, to } = periodBounds(period);
  for (const e of await ctx.latest('statement', (x) => x.workflowId.startsWith(`${parentId}-`))) {
    const dealerId = e.dealerId ?? '';
    const month = months.get(dealerId);
    const data = await ctx.stated<StatementData>(e);
    if (!data || !month) continue;
    const src = `${e.workflowId} beginDealerMonth`;
    ctx.compare(e, '期末余额', data.closingFen, month.totals.closingFen, src);
    ctx.compare(e, '退货抵扣', data.totals.creditsFen, month.totals.creditsFen, src);
    const { totalFen: _t, ...aging } = data.aging;
    ctx.compare(e, '账龄', aging, month.aging, src);
    const onStatement = data.lines.filter((x) => x.docNo.startsWith('CR-')).map((x) => x.docNo);
    const journal = credits.rows
      .filter((c) => c.dealerId === dealerId && c.date >= from && c.date <= to)
      .map((c) => c.docNo);
    ctx.compare(e, '退货抵扣单（系统）', [...new Set(onStatement)].sort(), journal.sort(), '退货抵扣 journal');
  }
}
