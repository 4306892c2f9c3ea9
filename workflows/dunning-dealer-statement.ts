/**
 * The statement of account (对账单) of a dealer's month: the PDF, the confirm / dispute step bound to the dealer's
 * address, and the mail carrying the link.
 */
import type { DealerFacts } from '../activities/dunning/types';
import { statementNames, statementRender } from '../domain/dunning';
import { formatFen } from '../domain/money';
import { STATEMENT_STEP, linkTtlMs } from './dunning-dealer-context';
import type { DealerRun } from './dunning-dealer-run';
import { issueGrant, openStep } from './lib/decision';

/**
 * Sends the statement when the month needs one: the first look rendered it (activity beginDealerMonth with
 * `statementFor`), or, in a child begun before, it is rendered here (activity renderDocument; content-addressed either
 * way: a re-run renders the same document), opens the confirm / dispute step, and mails the link (activity
 * sendStatementMail, keyed in the sent-log by the statement, so a retry or replay never mails twice). Activities retry
 * by their kind.
 */
export async function sendStatement(run: DealerRun): Promise<void> {
  const f0 = run.begin.facts;
  if (!(f0.statementNeeded && f0.statementDataRef && f0.statementKey)) return;
  const { ctx, info, input } = run;
  const { settings } = ctx;
  ctx.status.phase = 'statement';
  const { fileName } = statementNames(f0.dealerId, f0.name, input.period, settings.locale);
  const docId = run.begin.statementDocId ?? (await renderStatement(run, f0));
  ctx.statementDocId = docId;
  openStatementStep(run, f0, docId, fileName);
  run.linkOpenUntil = Date.now() + linkTtlMs(settings.statementLinkTtl);
  const grant = issueGrant(STATEMENT_STEP, f0.email, run.linkOpenUntil, 'request');
  await ctx.proxies.acts.sendStatementMail({
    workflowId: info.workflowId,
    stepId: STATEMENT_STEP,
    jti: grant.jti,
    expiresAt: run.linkOpenUntil,
    dealerId: f0.dealerId,
    dealerName: f0.name,
    email: f0.email,
    period: input.period,
    statementKey: f0.statementKey,
    docId,
    fileName,
    closingFen: f0.closingFen,
    overdueFen: f0.overdueFen,
    locale: settings.locale,
  });
  ctx.outcome.statementSent = true;
}

/**
 * The statement's PDF, dated by the month's as-of day, never by when the run started: rendered here only by a child
 * whose first look did not render it (one begun before the look did).
 */
async function renderStatement(run: DealerRun, f0: DealerFacts): Promise<string> {
  const { ctx, info } = run;
  const render = statementRender({ ...f0, statementDataRef: f0.statementDataRef! }, ctx.settings, info);
  return (await ctx.proxies.pdf.renderDocument(render)).docId;
}

/** The dealer's confirm / dispute step (a dispute needs a reason). No side effect beyond the workflow's own state. */
function openStatementStep(run: DealerRun, f0: DealerFacts, docId: string, fileName: string): void {
  const { settings } = run.ctx;
  const { period } = run.input;
  const zh = settings.locale !== 'en';
  openStep({
    stepId: STATEMENT_STEP,
    kind: 'confirm',
    title: zh ? `${period} 对账单确认：${f0.name}` : `Statement ${period}: ${f0.name}`,
    summary: [
      zh
        ? `期末余额 ¥${formatFen(f0.closingFen)}，其中逾期 ¥${formatFen(f0.overdueFen)}`
        : `Closing balance ¥${formatFen(f0.closingFen)}, overdue ¥${formatFen(f0.overdueFen)}`,
      zh ? '如有异议，请选择“提出异议”并说明原因。' : 'If something is wrong, choose "dispute" and say why.',
    ],
    docIds: [docId],
    docLabels: { [docId]: fileName },
    recipients: [f0.email],
    actionLabels: zh ? { confirm: '确认无误', dispute: '提出异议' } : { confirm: 'Confirm', dispute: 'Dispute' },
    commentRequiredFor: ['dispute'],
    locale: settings.locale,
  });
}
