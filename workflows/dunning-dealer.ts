/**
 * One dealer's month (`dunning-2026-11-D0042`): statement of account with a confirm/dispute link, the dunning
 * decision (letters per level, approvals, fees/interest, credit hold), a report to the parent, then follow-up until
 * the month's horizon: durable timers to the next review date, a fresh look at the payments each time (small facts
 * only), a pause while a dispute is with the customer supervisor, and an end when the dealer is settled.
 *
 * Where the dealer stands is persisted after every step (activities/dunning/dunning-state-store.ts), so next
 * month's child continues from there; letters are keyed by dealer + level + documents, so no run sends one twice.
 * History: references and small facts only; a month is a few dozen activities and timers.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { DataRef } from '../activities/archive/types';
import type { DealerFacts } from '../activities/dunning/types';
import { addDays, fromEpochDay, maxDate, toEpochDay, type DealerMonthResult } from '../domain/dunning';
import { formatFen } from '../domain/money';
import { latestInstant } from '../domain/calendar/document-time';
import { actOnLook } from './dunning-dealer-act';
import {
  dealerProxies,
  endOfBusinessDay,
  linkTtlMs,
  nextLookId,
  pendingOpId,
  useFastPath,
  type DealerCtx,
  type DealerOutcome,
} from './dunning-dealer-ctx';
import { handleDispute } from './dunning-dealer-dispute';
import {
  dunningDealerStatusQuery,
  dunningFinishSignal,
  dunningRecheckSignal,
  dunningReportSignal,
  dunningRequestReportSignal,
  type DunningDealerStatus,
} from './dunning-signals';
import { decisionOf, installDecisionHandlers, issueGrant, openStep } from './lib/decision';

export interface DunningDealerInput {
  settingsRef: DataRef;
  period: string;
  dealerId: string;
  /** Work-store shard of the month's validated ledger holding this dealer. */
  shard: string;
  /** Parent to report the month's result to; absent when the child is started on its own. */
  parentWorkflowId?: string;
  /** How long one activity attempt may take before Temporal retries it (tests shorten it). */
  attemptTimeout?: Duration;
}

export interface DunningDealerResult extends DealerMonthResult {
  confirmed: boolean;
  followUps: number;
  /** Why follow-up ended: settled, horizon, finish-signal, dispute-unresolved, superseded, held-back. */
  ended: string;
}

const STATEMENT_STEP = 'statement';
const REVIEW_HOUR = 9;

/** See module doc. */
export async function dunningDealerWorkflow(input: DunningDealerInput): Promise<DunningDealerResult> {
  installDecisionHandlers();
  const info = workflowInfo();
  let finish = false;
  let recheck = false;
  let reportTo = input.parentWorkflowId;
  let reportPending = reportTo !== undefined;
  const status: DunningDealerStatus = {
    dealerId: input.dealerId,
    phase: 'starting',
    asOf: '',
    openFen: 0,
    overdueFen: 0,
    levelsSent: [],
    onHold: false,
    disputed: false,
  };
  setHandler(dunningDealerStatusQuery, () => status);
  setHandler(dunningRecheckSignal, () => void (recheck = true));
  setHandler(dunningFinishSignal, () => void (finish = true));
  setHandler(dunningRequestReportSignal, (parentId) => {
    reportTo = parentId;
    reportPending = true;
  });

  const fastPath = useFastPath();
  const proxies = dealerProxies(input.attemptTimeout, fastPath);
  const { acts, pdf } = proxies;
  const begin = await acts.beginDealerMonth({
    settingsRef: input.settingsRef,
    dealerId: input.dealerId,
    shard: input.shard,
    pendingOp: pendingOpId({ seq: 0 }),
    lookId: nextLookId(),
  });
  const settings = begin.settings;
  const offsetMs = settings.utcOffsetMinutes * 60_000;
  const outcome: DealerOutcome = {
    statementSent: false,
    confirmed: false,
    levelsSent: [],
    letterNos: [],
    creditHold: 'none',
    onHold: begin.facts.onHold,
    disputed: begin.facts.openDisputes.length > 0,
    interestChargedFen: 0,
    feesChargedFen: 0,
  };
  const ctx: DealerCtx = {
    proxies,
    period: input.period,
    settingsRef: input.settingsRef,
    settings,
    facts: begin.facts,
    version: begin.facts.stateVersion,
    outcome,
    status,
    generatedAt: '',
    seq: 0,
    looks: 0,
    today: () => maxDate(fromEpochDay(Math.floor((Date.now() + offsetMs) / 86_400_000)), ctx.facts.asOf),
    beforeWait: () => report(false, true),
  };
  // Documents of the month are dated by the month, never by when this run happened to start.
  ctx.generatedAt = endOfBusinessDay(ctx, begin.facts.asOf);
  status.onHold = outcome.onHold;
  const month = begin.facts.month!;
  let ended = false;

  const monthResult = (): DealerMonthResult => ({
    dealerId: input.dealerId,
    region: begin.facts.region,
    heldBack: false,
    problemCount: 0,
    totals: month.totals,
    aging: month.aging,
    statementSent: outcome.statementSent,
    levelsSent: [...outcome.levelsSent],
    disputed: outcome.disputed,
    creditHold: outcome.creditHold,
    onHold: outcome.onHold,
    interestChargedFen: outcome.interestChargedFen,
    feesChargedFen: outcome.feesChargedFen,
  });

  const lastDecisionAt = (): string | undefined =>
    latestInstant([ctx.lastDecisionAt, decisionOf(STATEMENT_STEP)?.decidedAt], '') || undefined;

  let recorded = '';
  async function record(): Promise<void> {
    const last = lastDecisionAt();
    const result = {
      ...monthResult(),
      name: begin.facts.name,
      overdueFen: begin.facts.overdueFen,
      confirmed: decisionOf(STATEMENT_STEP)?.action === 'confirm',
      workflowId: info.workflowId,
      pending: !ended,
      ...(last ? { lastDecisionAt: last } : {}),
      letterNos: [...outcome.letterNos],
    };
    // The same result again (recorded when reporting before a wait and again with nothing changed) is not rewritten.
    const same = JSON.stringify(result) === recorded;
    if (same && fastPath) return;
    await acts.recordDealerResult({ period: input.period, record: result });
    recorded = JSON.stringify(result);
  }

  /** Report to the parent: once early (before any wait for a person), and a final time when the month is done. */
  async function report(final = false, waitingForPerson = false): Promise<void> {
    if (!reportPending && !final) return;
    reportPending = false;
    await record();
    const to = reportTo;
    if (!to) return;
    try {
      await getExternalWorkflowHandle(to).signal(dunningReportSignal, {
        result: monthResult(),
        workflowId: info.workflowId,
        ...(final ? { final: true } : {}),
        ...(waitingForPerson ? { waitingForPerson: true } : {}),
      });
    } catch {
      // The parent is gone (finished or terminated): nobody is waiting for this report.
    }
  }

  // 1. Statement of account with a confirm / dispute link bound to the dealer's address.
  const f0 = begin.facts;
  let linkOpenUntil = 0;
  if (f0.statementNeeded && f0.statementDataRef && f0.statementKey) {
    status.phase = 'statement';
    const fileName = `对账单-${f0.dealerId}-${input.period}.pdf`;
    const zh = settings.locale !== 'en';
    const doc = await pdf.renderDocument({
      template: 'statement-of-account',
      dataRef: f0.statementDataRef,
      locale: settings.locale,
      generatedAt: ctx.generatedAt,
      meta: {
        workflowId: info.workflowId,
        runId: info.runId,
        period: input.period,
        kind: 'statement',
        fileName,
        title: zh ? `对账单 ${input.period} ${f0.name}` : `Statement ${input.period} ${f0.name}`,
        dealerId: f0.dealerId,
        recipients: [f0.email],
      },
    });
    ctx.statementDocId = doc.docId;
    openStep({
      stepId: STATEMENT_STEP,
      kind: 'confirm',
      title: zh ? `${input.period} 对账单确认：${f0.name}` : `Statement ${input.period}: ${f0.name}`,
      summary: [
        zh
          ? `期末余额 ¥${formatFen(f0.closingFen)}，其中逾期 ¥${formatFen(f0.overdueFen)}`
          : `Closing balance ¥${formatFen(f0.closingFen)}, overdue ¥${formatFen(f0.overdueFen)}`,
        zh ? '如有异议，请选择“提出异议”并说明原因。' : 'If something is wrong, choose "dispute" and say why.',
      ],
      docIds: [doc.docId],
      docLabels: { [doc.docId]: fileName },
      recipients: [f0.email],
      actionLabels: zh ? { confirm: '确认无误', dispute: '提出异议' } : { confirm: 'Confirm', dispute: 'Dispute' },
      commentRequiredFor: ['dispute'],
      locale: settings.locale,
    });
    linkOpenUntil = Date.now() + linkTtlMs(settings.statementLinkTtl);
    const grant = issueGrant(STATEMENT_STEP, f0.email, linkOpenUntil, 'request');
    await acts.sendStatementMail({
      workflowId: info.workflowId,
      stepId: STATEMENT_STEP,
      jti: grant.jti,
      expiresAt: linkOpenUntil,
      dealerId: f0.dealerId,
      dealerName: f0.name,
      email: f0.email,
      period: input.period,
      statementKey: f0.statementKey,
      docId: doc.docId,
      fileName,
      closingFen: f0.closingFen,
      overdueFen: f0.overdueFen,
      locale: settings.locale,
    });
    outcome.statementSent = true;
  }

  // 2. The month's decision, then the report to the parent (earlier if a person has to be waited for).
  const rejected = new Set<string>();
  let statementDisputeHandled = false;
  const disputedNow = (): boolean => decisionOf(STATEMENT_STEP)?.action === 'dispute' && !statementDisputeHandled;
  ctx.paused = disputedNow;
  status.phase = 'deciding';
  await actOnLook(ctx, f0, rejected);
  await report();

  // 3. Follow-up until the horizon: timers to the next review date, a fresh look each time.
  const horizon = settings.followUpUntil;
  const handled = new Set<string>();
  let followUps = 0;
  let endedBy = 'horizon';
  const msUntil = (day: string): number =>
    toEpochDay(day) * 86_400_000 + REVIEW_HOUR * 3_600_000 - offsetMs - Date.now();
  const look = async (): Promise<void> => {
    followUps++;
    ctx.facts = await acts.reviewDealer({
      settingsRef: input.settingsRef,
      dealerId: input.dealerId,
      asOf: ctx.today(),
      pendingOp: pendingOpId(ctx),
      lookId: nextLookId(ctx),
    });
    await actOnLook(ctx, ctx.facts, rejected);
  };
  try {
    while (!finish) {
      if (reportPending) await report();
      if (disputedNow()) {
        statementDisputeHandled = true;
        const comment = decisionOf(STATEMENT_STEP)!.comment;
        const id = `STMT-${input.period}`;
        handled.add(id);
        if (!(await handleDispute(ctx, { id, isNew: true, ...(comment ? { reason: comment } : {}) }))) {
          endedBy = 'dispute-unresolved';
          break;
        }
        await look();
        continue;
      }
      const open = ctx.facts.openDisputes.find((x) => !handled.has(x.id));
      if (open) {
        handled.add(open.id);
        if (!(await handleDispute(ctx, { id: open.id, isNew: false }))) {
          endedBy = 'dispute-unresolved';
          break;
        }
        await look();
        continue;
      }
      // Without a follow-up window (followUpDays 0), or past it, the month ends here.
      if (horizon <= begin.facts.asOf || ctx.today() > horizon) break;
      const f: DealerFacts = ctx.facts;
      const next =
        f.decision.nextReviewOn ??
        (f.blocked || f.onHold || f.overdueFen > 0 ? addDays(ctx.today(), settings.recheckDays) : undefined);
      const linkOpen = linkOpenUntil > Date.now() && !decisionOf(STATEMENT_STEP);
      if (f.openFen === 0 && !f.onHold && !linkOpen) {
        endedBy = 'settled';
        break;
      }
      const target = next !== undefined && next <= horizon ? next : horizon;
      status.phase = 'waiting';
      status.nextLook = target;
      const ms = msUntil(target);
      if (ms > 0) await condition(() => finish || recheck || reportPending || disputedNow(), ms);
      if (finish) break;
      if (reportPending || disputedNow()) continue;
      const due = next !== undefined && next <= horizon && msUntil(next) <= 0;
      if (!recheck && !due) break;
      recheck = false;
      await look();
    }
  } catch (err) {
    // The dealer's rows went bad since the month started, or another run took the dealer over: stop here.
    const type = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
    if (type === 'DealerHeldBack' || type === 'DealerGone') endedBy = 'held-back';
    else if (type === 'DunningStateSuperseded') endedBy = 'superseded';
    else throw err;
  }
  if (finish) endedBy = 'finish-signal';
  if (decisionOf(STATEMENT_STEP)?.action === 'confirm') outcome.confirmed = true;
  status.phase = 'done';
  status.result = monthResult();
  ended = true;
  await report(true);
  return { ...monthResult(), confirmed: outcome.confirmed, followUps, ended: endedBy };
}
