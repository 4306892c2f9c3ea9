/**
 * The working state a dealer's child shares between its phases (dunning-dealer.ts and its run, statement, follow-up
 * and report files), the steps acting on a look (dunning-dealer-act.ts with its approval, letter and hold files) and
 * dispute routing (dunning-dealer-dispute.ts), with the helpers they share: activity stubs, operation ids for the
 * state store, the statement's step id, and the wait for a person's decision.
 */
import { ApplicationFailure, patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common';
import type { DealerFacts, ChildSettings } from '../activities/dunning/types';
import type { DunningActivities } from '../activities/dunning/create-dunning-activities';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { ApprovalActivities } from '../activities/approvals';
import { endOfBusinessDayIso, type DealerMonthResult } from '../domain/dunning';
import { formatFen } from '../domain/money';
import { waitForDecision } from './lib/wait-for-decision';
import { grantsFromAsk } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import type { StepSpec } from './lib/decision-types';
import type { DunningDealerStatus } from './dunning-signals';
import { activityOptions, localActivityOptions } from './lib/activity-options';
import type { Period } from '../domain/calendar';

type PdfActivities = ReturnType<typeof createPdfActivities>;

/**
 * Children that run their activities as local activities (see dealerProxies) and skip rewriting an unchanged
 * month result. A patch marker, so a child that started before this change replays with what it recorded.
 */
export const FAST_PATH_PATCH = 'dunning-child-fast-path';

/**
 * The activity stubs of a dealer's child; `attemptTimeout` bounds one attempt (tests shorten it to fail over fast).
 *
 * With `local` (new children), they are local activities: run by the worker that runs the child, recorded as
 * markers, with no task-queue round trip per step. A month of 5,000 dealers is ~20,000 short steps (look with the
 * statement, mail, state, result), and as task-queue activities each cost the server a schedule/dispatch/complete
 * and the child a workflow task; that was most of the Temporal overhead over a plain loop. Every step is
 * idempotent (content-addressed stores, the sent-log, versioned state), so the re-run of a local activity whose
 * marker was lost with a crashed worker changes nothing. Timeouts and retries are the designed ones by kind
 * (workflows/lib/activity-options.ts) either way.
 */
export function dealerProxies(attemptTimeout?: Duration, local = false) {
  const attempt = attemptTimeout ? { startToCloseTimeout: attemptTimeout } : {};
  if (local) {
    return {
      acts: proxyLocalActivities<DunningActivities>(localActivityOptions('sheets', attempt)),
      mail: proxyLocalActivities<DunningActivities & ApprovalActivities>(localActivityOptions('mail', attempt)),
      pdf: proxyLocalActivities<PdfActivities>(localActivityOptions('render', attempt)),
    };
  }
  return {
    acts: proxyActivities<DunningActivities>(activityOptions('sheets', attempt)),
    mail: proxyActivities<DunningActivities & ApprovalActivities>(activityOptions('mail', attempt)),
    pdf: proxyActivities<PdfActivities>(activityOptions('render', attempt)),
  };
}

/**
 * Children that finish their month in one workflow task when it ends at its first decision: the final report to the
 * parent that started them is their result (the parent counts the child's completion) instead of a signal, which
 * would cost the child a second workflow task and the parent one more. The patch implies FAST_PATH_PATCH, the single
 * report (SINGLE_REPORT_PATCH) and link grants from the ask (lib/decision.ts), so a new child records one patch
 * marker instead of three (each marker also upserts a search attribute on the server).
 */
export const ONE_TASK_PATCH = 'dunning-child-one-task';

/** How this child runs: which of the patches above it follows (new children: all). */
export interface DealerPaths {
  fastPath: boolean;
  oneTask: boolean;
}

/**
 * The child's paths. A child whose parent says so in its input (`oneTask`, set by every parent from this version
 * on) takes ONE_TASK_PATCH's paths without asking for the marker: its input is in its history, so a replay takes
 * the same path, and a new child records no patch marker and no search-attribute upsert (two events, and a
 * visibility write on the server, per dealer of the month). A child started without it (by an earlier parent, or
 * on its own) asks for the patches as before; one that began before them replays what it recorded.
 */
export function choosePaths(input: { oneTask?: boolean }): DealerPaths {
  if (input.oneTask === true || patched(ONE_TASK_PATCH)) {
    grantsFromAsk();
    return { fastPath: true, oneTask: true };
  }
  return { fastPath: patched(FAST_PATH_PATCH), oneTask: false };
}

/** The decision step of the statement's confirm / dispute link. */
export const STATEMENT_STEP = 'statement';

export type DealerProxies = ReturnType<typeof dealerProxies>;

export interface DealerOutcome {
  statementSent: boolean;
  confirmed: boolean;
  levelsSent: number[];
  /** Numbers of the letters sent, in order. */
  letterNos: string[];
  creditHold: DealerMonthResult['creditHold'];
  onHold: boolean;
  disputed: boolean;
  interestChargedFen: number;
  feesChargedFen: number;
}

/** The child's working state, shared between its main loop and these steps. */
export interface DealerCtx {
  proxies: DealerProxies;
  period: Period;
  settingsRef: { sha256: string };
  settings: ChildSettings;
  facts: DealerFacts;
  version: number;
  outcome: DealerOutcome;
  status: DunningDealerStatus;
  /** When the last person's decision of this dealer's month was made (history), for the summary's "截至". */
  lastDecisionAt?: string;
  statementDocId?: string;
  seq: number;
  /** Looks taken so far (the first look is 0): names each look so a re-run takes it once (LookMemo). */
  looks: number;
  today: () => string;
  /** Called before any wait for a person, so the parent is never held up by one dealer's approval. */
  beforeWait: () => Promise<void>;
  /** True while a dispute waits to be routed: no letter goes out then. */
  paused?: () => boolean;
}

export const opId = (ctx: DealerCtx): string => `${workflowInfo().workflowId}#${++ctx.seq}`;

/**
 * The id the next opId will hand out. A look passes it so that, re-run after a lost workflow task whose commit had
 * already happened, it is taken as of before that commit (DunningStateStore.loadBefore).
 */
export const pendingOpId = (ctx: Pick<DealerCtx, 'seq'>): string => `${workflowInfo().workflowId}#${ctx.seq + 1}`;

/** The id of a new look (`<workflowId>/look-<n>`); the month's first look is `look-0`. */
export const nextLookId = (ctx?: Pick<DealerCtx, 'looks'>): string =>
  `${workflowInfo().workflowId}/look-${ctx ? ++ctx.looks : 0}`;

export const zh = (ctx: DealerCtx): boolean => ctx.settings.locale !== 'en';

export function names(ctx: DealerCtx): Record<string, string> {
  const p = ctx.settings.people;
  const out: Record<string, string> = {};
  for (const x of [p.manager, p.customerSupervisor, p.finance, p.escalateTo])
    if (x) out[x.email.toLowerCase()] = x.name;
  return out;
}

/** A person's answer as recorded in history: what, who (e-mail) and when (ISO instant). */
export interface Answer {
  action: string;
  comment?: string;
  by: string;
  at: string;
}

/**
 * Waits for a person's decision; the wait ends after the link's validity (then: not approved / unresolved). A step
 * id already decided returns that decision at once: one ask per decision, however often the workflow comes back to it.
 */
export async function decide(ctx: DealerCtx, spec: StepSpec, escalate: boolean): Promise<Answer | null> {
  await ctx.beforeWait();
  const { approvals, people } = ctx.settings;
  const escalateTo = escalate && people.escalateTo ? [people.escalateTo.email] : [];
  try {
    const { decision } = await waitForDecision(spec, {
      reminders: approvals.reminders as Duration[],
      ...(approvals.escalateAfter && escalateTo.length
        ? { escalateAfter: approvals.escalateAfter as Duration, escalateTo }
        : {}),
      deadline: approvals.linkTtl as Duration,
      onTimeout: 'fail',
      linkTtl: approvals.linkTtl as Duration,
      notify: notifyByEmail(ctx.proxies.mail.sendActionRequest, {
        names: names(ctx),
        requestedBy: people.finance.name,
      }),
    });
    return {
      action: decision.action,
      ...(decision.comment ? { comment: decision.comment } : {}),
      by: decision.decidedBy,
      at: decision.decidedAt,
    };
  } catch (err) {
    if (err instanceof ApplicationFailure && err.type === 'DecisionDeadlineExceeded') return null;
    throw err;
  }
}

export function figures(ctx: DealerCtx, f: DealerFacts) {
  const t = zh(ctx);
  return [
    { label: t ? '账户余额' : 'Balance', value: `¥${formatFen(f.closingFen)}` },
    { label: t ? '逾期金额' : 'Overdue', value: `¥${formatFen(f.overdueFen)}` },
  ];
}

export const linkTtlMs = (ttl: string): number => msToNumber(ttl as Duration);

/** 23:59:59 of a business day in the company's zone: the time of a document no person's decision dates. */
export function endOfBusinessDay(ctx: DealerCtx, day: string): string {
  return endOfBusinessDayIso(day, ctx.settings.utcOffsetMinutes);
}

/** The name the config gives an address (the approver in 签核), else the address. */
export const personName = (ctx: DealerCtx, email: string): string => names(ctx)[email.toLowerCase()] ?? email;
