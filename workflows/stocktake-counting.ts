/**
 * One counting round of the stocktake: each counter is asked (one "counts submitted" link per counter, the
 * count sheets attached), reminded before the deadline and escalated to the manager after it; the sheets'
 * status cells are polled on a durable timer as a second way to submit. Each counter's sheets are read back
 * as soon as they submit; problems go back to them as a report and the round waits for a corrected sheet.
 */
import { condition, log, workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { DataRef } from '../activities/archive/types';
import type { CountSheetInfo, ProblemReportRef, SheetStatus, StocktakePerson } from '../activities/stocktake/types';
import { decideInternally, decisionOf, stepView, type StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { type StocktakeInput } from './stocktake-input';
import { tr, type StocktakeProxies, type StocktakeStatus } from './stocktake-run';

export interface RoundContext {
  input: StocktakeInput;
  acts: StocktakeProxies;
  snapshot: DataRef;
  outputDir: string;
  status: StocktakeStatus;
  names: Record<string, string>;
}

export interface RoundCounts {
  counts: DataRef[];
  /** ISO instants the counters submitted (the latest bounds the movements netted out). */
  submittedAt: string[];
}

interface Watch {
  stepId: string;
  counter: StocktakePerson;
  sheets: CountSheetInfo[];
  baseline: Record<string, string>;
}

/** What the counter reads: their sheets, how to submit, or the problems to correct on the same sheet. */
function countSummary(
  ctx: RoundContext,
  kind: string,
  sheets: CountSheetInfo[],
  problems: ProblemReportRef | null,
): string[] {
  const t = tr(ctx.input.locale);
  const statusCell = (ctx.input.submission ?? 'both') !== 'link';
  const sheetLines = sheets
    .slice(0, 12)
    .map((s) =>
      t(`${kind}：${s.display}（${s.zone}，${s.lines} 行）`, `${kind}: ${s.display} (${s.zone}, ${s.lines} lines)`),
    );
  const how = statusCell
    ? t(
        '在“实盘数量”列填写实际数量（留空表示未盘），完成后点击下方按钮，或将“提交状态”表的状态改为“已提交”。',
        'Enter the quantity found in the 实盘数量 column (empty = not counted), then press the button below or set the status tab to 已提交.',
      )
    : t(
        '在“实盘数量”列填写实际数量（留空表示未盘），完成后点击下方按钮。',
        'Enter the quantity found in the 实盘数量 column, then press the button below.',
      );
  return problems
    ? [
        t(
          `盘点表有 ${problems.count} 个问题，请在原盘点表上修正后重新提交（问题清单见附件）：`,
          `The sheet has ${problems.count} problem(s); correct the same sheet and submit again (report attached):`,
        ),
        ...problems.sample,
        ...sheetLines,
      ]
    : [
        ...sheetLines,
        how,
        ...(ctx.input.blind === false
          ? []
          : [t('盲盘：表中不显示账面数量。', 'Blind count: book quantities are not shown.')]),
      ];
}

/** The count request (or correction request) for one counter's sheets in a round. */
function countSpec(
  ctx: RoundContext,
  stepId: string,
  round: number,
  counter: StocktakePerson,
  sheets: CountSheetInfo[],
  problems: ProblemReportRef | null,
): StepSpec {
  const t = tr(ctx.input.locale);
  const { period, warehouse } = ctx.input;
  const kind = round > 1 ? t('复盘表', 'recount sheet') : t('盘点表', 'count sheet');
  return {
    stepId,
    kind: 'acknowledge',
    title: problems
      ? t(
          `${period} ${warehouse.name} ${kind}需修正（第${round}轮）`,
          `${period} ${warehouse.name} ${kind} needs corrections (round ${round})`,
        )
      : t(
          `${period} ${warehouse.name} ${kind}（第${round}轮）— 请盘点并提交`,
          `${period} ${warehouse.name} ${kind} (round ${round}) — please count and submit`,
        ),
    summary: countSummary(ctx, kind, sheets, problems),
    figures: [
      { label: t('行数', 'Lines'), value: String(sheets.reduce((n, s) => n + s.lines, 0)) },
      { label: t('盘点人', 'Counter'), value: counter.name },
    ],
    docIds: problems ? [problems.doc.docId] : sheets.flatMap((s) => (s.doc ? [s.doc.docId] : [])),
    docLabels: problems
      ? { [problems.doc.docId]: problems.doc.fileName }
      : Object.fromEntries(sheets.flatMap((s) => (s.doc ? [[s.doc.docId, s.doc.fileName]] : []))),
    recipients: [counter.email],
    actionLabels: {
      acknowledge: problems ? t('已修正并提交', 'Corrected and submitted') : t('已提交盘点数', 'Counts submitted'),
    },
    locale: ctx.input.locale ?? 'zh-CN',
  };
}

/** The round's open count requests (by step id) and whether the round is still collecting. */
interface RoundWatches {
  open: Map<string, Watch>;
  active: boolean;
}

/**
 * One counter's part of a round: ask, wait (reminders, escalation), read their sheets back; on problems, send
 * the report and wait for the corrected sheet.
 */
async function collectCounterCounts(
  ctx: RoundContext,
  round: number,
  manifest: DataRef,
  watches: RoundWatches,
  counter: StocktakePerson,
  mine: CountSheetInfo[],
  index: number,
): Promise<{ counts: DataRef; submittedAt: string }> {
  const { input, acts, status } = ctx;
  const deadline = msToNumber(input.countDeadline);
  const reminders = input.countReminders ?? [Math.round((deadline * 2) / 3)];
  let baseline = Object.fromEntries(mine.map((s) => [s.sheetId, s.fingerprint]));
  let problems: ProblemReportRef | null = null;
  for (let attempt = 1; ; attempt++) {
    const stepId = `counts-r${round}-c${index + 1}${attempt > 1 ? `-fix${attempt - 1}` : ''}`;
    watches.open.set(stepId, { stepId, counter, sheets: mine, baseline });
    const outcome = await waitForDecision(countSpec(ctx, stepId, round, counter, mine, problems), {
      reminders,
      deadline: input.countDeadline,
      onTimeout: 'escalate-and-keep-waiting',
      escalateTo: [input.manager.email],
      notify: notifyByEmail(acts.mail.sendActionRequest, { names: ctx.names }),
    });
    watches.open.delete(stepId);
    const read = await acts.sheets.readStocktakeCounts({
      workflowId: workflowInfo().workflowId,
      runId: workflowInfo().runId,
      period: input.period,
      warehouse: input.warehouse,
      round,
      snapshot: ctx.snapshot,
      manifest,
      sheets: mine,
      submittedAt: outcome.decision.decidedAt,
      counterNames: input.counters.map((c) => c.name),
      attempt,
      outputDir: ctx.outputDir,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    status.problems = status.problems.filter((p) => p.counter !== counter.email);
    if (read.ok) {
      status.waitingFor = status.waitingFor.filter((e) => e !== counter.email);
      return { counts: read.counts, submittedAt: outcome.decision.decidedAt };
    }
    problems = read.problems;
    baseline = read.fingerprints;
    status.problems.push({ counter: counter.email, count: read.problems.count, path: read.problems.path });
  }
}

/**
 * The second way to submit: polls the sheets' status cells on a durable timer while the round collects, and
 * decides a counter's open request once all their sheets say 已提交 and have changed since they were sent.
 */
async function pollStatusCells(ctx: RoundContext, watches: RoundWatches): Promise<void> {
  const every = msToNumber(ctx.input.statusPollInterval ?? '30 minutes');
  while (watches.active) {
    if (await condition(() => !watches.active, every)) return;
    const open = [...watches.open.values()].filter((w) => stepView(w.stepId) && !decisionOf(w.stepId));
    if (open.length === 0) continue;
    let states: SheetStatus[];
    try {
      states = await ctx.acts.sheets.readStocktakeSheetStatus({ sheets: open.flatMap((w) => w.sheets) });
    } catch (err) {
      // The status cell is only a second way to submit: a failed look is tried again at the next poll.
      log.warn('stocktake status poll failed', { error: String(err) });
      continue;
    }
    for (const w of open) {
      const done = w.sheets.every((s) => {
        const st = states.find((x) => x.sheetId === s.sheetId);
        return st?.submitted === true && st.fingerprint !== w.baseline[s.sheetId];
      });
      if (done && !decisionOf(w.stepId)) {
        decideInternally(w.stepId, {
          action: 'acknowledge',
          by: `sheet-status:${w.counter.email}`,
          comment: '提交状态：已提交',
        });
      }
    }
  }
}

export async function collectRound(
  ctx: RoundContext,
  round: number,
  sheets: CountSheetInfo[],
  manifest: DataRef,
): Promise<RoundCounts> {
  const { input, status } = ctx;
  const watches: RoundWatches = { open: new Map(), active: true };
  const byCounter = input.counters
    .map((c, index) => ({ counter: c, index, sheets: sheets.filter((s) => s.counter.email === c.email) }))
    .filter((g) => g.sheets.length > 0);
  status.waitingFor = byCounter.map((g) => g.counter.email);
  const polling = (input.submission ?? 'both') !== 'link' ? pollStatusCells(ctx, watches) : Promise.resolve();
  try {
    const results = await Promise.all(
      byCounter.map((g) => collectCounterCounts(ctx, round, manifest, watches, g.counter, g.sheets, g.index)),
    );
    return { counts: results.map((r) => r.counts), submittedAt: results.map((r) => r.submittedAt) };
  } finally {
    watches.active = false;
    await polling;
  }
}
