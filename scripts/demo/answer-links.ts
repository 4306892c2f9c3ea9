/**
 * People answering their mail: every action link that arrives for the workflows a driver owns is looked at
 * (is its step still open in the workflow?), a responder decides what that person does, and the link is
 * clicked over HTTP exactly as a browser would (GET page, CSRF cookie + field, POST the button).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { stepQuery, type StepView } from '../../workflows/lib/decision';
import { clickActionLink } from '../lib/click-link';
import { personName, sleep, type DemoClick, type DemoContext } from './demo-context';
import type { ActionLink, DemoMail } from './mailbox';
import { localTime } from '../../cli/output';
import { failingLine, pendingActivities } from '../../cli/temporal/pending-activities';

export interface Answer {
  action: string;
  comment?: string;
  fields?: Record<string, string>;
  /** What is decided, for the printed line, e.g. "stocktake posting 新件库 (¥1,234.00)". */
  what: string;
  /** Printed verb; default from the action ("approved", "confirmed" …). */
  verb?: string;
}

/** Decides what the link's recipient does with an open step; null: this person leaves it (someone else acts). */
export type Responder = (link: ActionLink, step: StepView, mail: DemoMail) => Promise<Answer | null>;

const VERBS: Record<string, string> = {
  approve: 'approved',
  reject: 'rejected',
  confirm: 'confirmed',
  dispute: 'disputed',
  acknowledge: 'acknowledged',
  submit: 'submitted',
  resolve: 'resolved',
};

/** The link as printed: the token is long, its first characters are enough to recognise it. */
export function shortLink(url: string): string {
  const i = url.lastIndexOf('/a/');
  return i < 0 ? url : `${url.slice(0, i + 3)}${url.slice(i + 3, i + 19)}…`;
}

/** How long a person keeps trying a page that says "服务暂时不可用，请稍后重试" (HTTP 503, e.g. Temporal restarting). */
const RETRY_503_MS = 120_000;

/**
 * Clicks one link with the answer and prints who did what. A 409 (decided meanwhile) is reported, not fatal; a 503
 * (the server cannot reach Temporal for now, the page says to try again later) is tried again, as a person would.
 */
export async function clickAnswer(ctx: DemoContext, link: ActionLink, answer: Answer): Promise<DemoClick> {
  const who = personName(ctx, link.recipient);
  const body = {
    action: answer.action,
    ...(answer.comment ? { comment: answer.comment } : {}),
    ...(answer.fields ? { fields: answer.fields } : {}),
  };
  let res = await clickActionLink(link.url, body);
  for (const until = Date.now() + RETRY_503_MS; res.status === 503 && Date.now() < until;) {
    ctx.log(`    ${who}: ${answer.what} — the page says the service is unavailable; trying again in 3 s`);
    await new Promise((r) => setTimeout(r, 3_000));
    res = await clickActionLink(link.url, body);
  }
  const click: DemoClick = {
    who,
    email: link.recipient,
    action: answer.action,
    workflowId: link.workflowId,
    stepId: link.stepId,
    url: link.url,
    status: res.status,
  };
  ctx.clicks.push(click);
  const verb = answer.verb ?? VERBS[answer.action] ?? answer.action;
  if (res.status === 200) ctx.log(`    ${who} ${verb} ${answer.what} via ${shortLink(link.url)}`);
  else if (res.status === 409) ctx.log(`    ${who}: ${answer.what} was already decided (${shortLink(link.url)})`);
  else {
    throw new Error(
      `${who} could not ${answer.action} ${answer.what} (${link.workflowId}/${link.stepId}): HTTP ${res.status} ${res.text.slice(0, 300)}`,
    );
  }
  return click;
}

/** The step as the workflow sees it now; null when the workflow does not know it (a link from an older run). */
export async function currentStep(ctx: DemoContext, link: ActionLink): Promise<StepView | null> {
  try {
    return await ctx.client.workflow.getHandle(link.workflowId).query(stepQuery, link.stepId);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

const reported = new WeakMap<DemoContext, Map<string, string>>();

/**
 * Prints, as `status` would, each watched workflow's activity that is failing and being retried ("⏳ quality-2026-11 —
 * renderDocument: 磁盘已满…（自 10:02 起已重试 7 次）"), once per change. Returns true when one is: the part is
 * stalled on a known cause and the demo keeps waiting for it rather than giving up.
 */
export async function reportStalls(ctx: DemoContext, workflowIds: readonly string[]): Promise<boolean> {
  const seen = reported.get(ctx) ?? new Map<string, string>();
  reported.set(ctx, seen);
  let stalled = false;
  for (const id of workflowIds) {
    const d = await ctx.client.workflow
      .getHandle(id)
      .describe()
      .catch(() => null);
    if (!d || d.status.name !== 'RUNNING') continue;
    for (const a of pendingActivities(d, ctx.cfg.locale).filter((x) => x.failing)) {
      stalled = true;
      const line = `${id} — ${failingLine(a, (iso) => localTime(iso, ctx.cfg.timezone).slice(11), ctx.cfg.locale)}`;
      const key = `${id}\u0000${a.activityType}`;
      if (seen.get(key) === line) continue;
      seen.set(key, line);
      ctx.log(`  ⏳ ${line}; waiting`);
    }
  }
  return stalled;
}

/**
 * Answers the owned workflows' links as they arrive until `done` settles; returns its value (or throws its
 * error). While an activity of a `watch`ed workflow is failing (SMTP down, disk full, a workbook open in Excel),
 * prints the cause as `status` does and keeps waiting; gives up only when nothing happened (no mail, no click, no
 * failing activity to explain it) for `ctx.stepTimeoutMs`.
 */
export async function answerUntil<T>(
  ctx: DemoContext,
  opts: {
    owns: (workflowId: string) => boolean;
    respond: Responder;
    done: Promise<T>;
    what: string;
    /** Workflows whose pending activities are checked every 10 s. */
    watch?: () => string[];
  },
): Promise<T> {
  let settled = false;
  let value: T | undefined;
  let error: unknown;
  opts.done.then(
    (v) => {
      settled = true;
      value = v;
    },
    (e: unknown) => {
      settled = true;
      error = e;
    },
  );
  // Runs that are already closed (a second demo run) need no look at the mail at all.
  await Promise.race([opts.done.catch(() => undefined), sleep(300)]);
  const decided = new Set<string>();
  const declined = new Set<string>();
  let lastProgress = Date.now();
  let lastHealthCheck = Date.now();
  let mailsSeen = 0;
  while (!settled) {
    await ctx.mailbox.refresh();
    const mails = ctx.mailbox.all();
    if (mails.length !== mailsSeen) {
      mailsSeen = mails.length;
      lastProgress = Date.now();
    }
    for (const mail of mails) {
      for (const link of mail.links) {
        if (settled || !opts.owns(link.workflowId)) continue;
        const stepKey = `${link.workflowId}\u0000${link.stepId}`;
        const personKey = `${stepKey}\u0000${link.recipient}`;
        if (decided.has(stepKey) || declined.has(personKey)) continue;
        // A query needs a worker: while one restarts (or Temporal does), look again on the next round.
        const step = await currentStep(ctx, link).catch(() => undefined);
        if (step === undefined) continue;
        if (!step || step.status === 'decided') {
          decided.add(stepKey);
          continue;
        }
        const answer = await opts.respond(link, step, mail);
        if (!answer) {
          declined.add(personKey);
          continue;
        }
        // The newest link for this person and step (a reminder carries a fresh grant; any of them works).
        const newest =
          ctx.mailbox.findLink(
            (l) => l.workflowId === link.workflowId && l.stepId === link.stepId && l.recipient === link.recipient,
          )?.link ?? link;
        await clickAnswer(ctx, newest, answer);
        decided.add(stepKey);
        lastProgress = Date.now();
      }
    }
    if (settled) break;
    let stalled = Date.now() - lastProgress > ctx.stepTimeoutMs;
    if (stalled || Date.now() - lastHealthCheck > 5_000) {
      lastHealthCheck = Date.now();
      if (await reportStalls(ctx, opts.watch?.() ?? [])) {
        lastProgress = Date.now();
        stalled = false;
      }
    }
    if (stalled) {
      throw new Error(
        `${opts.what}: nothing happened for ${Math.round(ctx.stepTimeoutMs / 1000)} s (no mail, no step to answer)`,
      );
    }
    await sleep(200);
  }
  if (error !== undefined) throw error;
  return value as T;
}
