/**
 * Returns of the month and the supplier batch. The watcher reads the returns register and starts one workflow
 * per open return; then the old-parts keeper confirms receipt of what arrived, the warranty technician fills the
 * verdict form (the register's own verdict where the clerk already typed one), a dealer agrees to (or disputes)
 * an abnormal result, the manager decides disputes and approves large credits. Then the supplier batch
 * (demo-supplier-batch.ts).
 */
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { readTable } from '../../activities/sheets/read-table';
import { dataPath } from '../../config/load-config';
import { formatFen } from '../../domain/money';
import { schemas } from '../../domain/sheets';
import { isSettledStatus, normalizeReturnNo, returnWorkflowId, type Verdict } from '../../domain/returns';
import type { ReturnOutcome } from '../../workflows/return-processing';
import { returnsWatcherWorkflow, RETURNS_WATCHER_WORKFLOW_ID } from '../../workflows/returns-watcher';
import type { StepView } from '../../workflows/lib/decision';
import { answerUntil, type Answer } from './answer-links';
import { hasActivities, record, type DemoContext } from './demo-context';
import { learnDealers } from './dealer-list';
import type { ActionLink } from './mailbox';
import { describeStatus } from './start-once';
import { runSupplierBatch } from './demo-supplier-batch';
import { type Period } from '../../domain/calendar';

const ACTIVITIES = ['scanReturnsRegister', 'prepareReturn', 'postReturnCredit', 'prepareSupplierClaim'];

interface RegisterLine {
  returnNo: string;
  /** 登记日期 and, when the clerk typed it, 收货日期 (YYYY-MM-DD). */
  date: string;
  received?: string;
  qty: number;
  verdict?: Verdict;
}

/**
 * The demo closes a past month: the keeper and the technician record what happened in that month. A part arrives
 * the day after it was registered (returns still open from an earlier month arrive on the month's first day) and
 * is inspected the next day; no date goes beyond the month's last day.
 */
function businessDates(line: RegisterLine, period: Period): { receivedOn: string; inspectedOn: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const monthStart = `${period}-01`;
  const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  const within = (iso: string): string => (iso < monthStart ? monthStart : iso > monthEnd ? monthEnd : iso);
  const nextDay = (iso: string): string =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const receivedOn = line.received ?? within(nextDay(line.date));
  const inspectedOn = within(nextDay(receivedOn));
  return { receivedOn, inspectedOn: inspectedOn < receivedOn ? receivedOn : inspectedOn };
}

const SHEET_VERDICT: Record<string, Verdict> = {
  accepted: 'warranty-accepted',
  rejected: 'rejected-not-warranty',
  'supplier-responsible': 'supplier-responsible',
  'no-fault-found': 'no-fault-found',
};

async function readRegister(ctx: DemoContext): Promise<RegisterLine[]> {
  const src = ctx.cfg.sources.returns;
  if (src?.kind !== 'excel') return [];
  const table = await readTable(
    createExcelBackend({ root: ctx.cfg.dataDirAbs }),
    { kind: 'excel', path: dataPath(ctx.cfg, src.path), ...(src.sheet ? { sheet: src.sheet } : {}) },
    schemas.returns,
    { policy: 'proceed-with-valid', ...(src.mapping ? { mapping: src.mapping } : {}) },
  );
  return table.rows.flatMap((r) => {
    const no = normalizeReturnNo(r.returnNo);
    if (!no || isSettledStatus(r.status ?? undefined)) return [];
    const v = r.verdict ? SHEET_VERDICT[r.verdict] : undefined;
    return [
      {
        returnNo: no,
        date: r.date,
        ...(r.received ? { received: r.received } : {}),
        qty: r.qty,
        ...(v ? { verdict: v } : {}),
      },
    ];
  });
}

const REGISTER_FAILURE_MODE: Record<Verdict, string> = {
  'warranty-accepted': '磨损',
  'rejected-not-warranty': '人为损坏',
  'supplier-responsible': '材料缺陷',
  'no-fault-found': '无故障',
};

/** The technician's findings; `planIndex` counts the returns the register has no verdict for yet. */
function inspect(
  line: RegisterLine,
  planIndex: number,
): { verdict: Verdict; qtyAccepted: number; failureMode: string; notes: string } {
  if (line.verdict) {
    // The clerk typed the verdict; the technician confirms it and records what was wrong with the part.
    return {
      verdict: line.verdict,
      qtyAccepted: line.verdict === 'rejected-not-warranty' ? 0 : line.qty,
      failureMode: REGISTER_FAILURE_MODE[line.verdict],
      notes: '与登记表鉴定结论一致。',
    };
  }
  switch (planIndex % 8) {
    case 1:
    case 6:
      return {
        verdict: 'supplier-responsible',
        qtyAccepted: line.qty,
        failureMode: '材料缺陷',
        notes: '零件内部材料缺陷，属供应商责任。',
      };
    case 2:
      // A short delivery: fewer parts in the box than registered.
      if (line.qty >= 2) {
        return {
          verdict: 'warranty-accepted',
          qtyAccepted: line.qty - 1,
          failureMode: '磨损',
          notes: `登记 ${line.qty} 件，实收可鉴定 ${line.qty - 1} 件。`,
        };
      }
      break;
    case 3:
      return {
        verdict: 'rejected-not-warranty',
        qtyAccepted: 0,
        failureMode: '人为损坏',
        notes: '外壳有明显撞击痕迹，不属于三包范围。',
      };
    case 5:
      return {
        verdict: 'no-fault-found',
        qtyAccepted: line.qty,
        failureMode: '无故障',
        notes: '台架复测正常，未发现故障。',
      };
  }
  return { verdict: 'warranty-accepted', qtyAccepted: line.qty, failureMode: '磨损', notes: '符合三包条件。' };
}

function returnsLine(results: ReturnOutcome[]): string {
  const by = new Map<string, number>();
  for (const r of results) by.set(r.verdict ?? r.status, (by.get(r.verdict ?? r.status) ?? 0) + 1);
  const credit = results.reduce((n, r) => n + r.creditFen, 0);
  return [
    `${results.length} returns: ${[...by].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `${results.filter((r) => r.abnormal).length} abnormal (agreed with the dealer)`,
    `credits ¥${formatFen(credit)}`,
    `${results.filter((r) => r.grn).length} goods-received notes`,
  ].join('; ');
}

export async function runReturns(ctx: DemoContext): Promise<void> {
  ctx.log(
    '\n▶ Returns (旧件退货): watcher, receipt, technician verdict, dealer agreement, credit; then the supplier batch',
  );
  if (!hasActivities(ctx, ACTIVITIES)) {
    ctx.log('  returns: not available yet (their activities are not wired into the worker)');
    record(ctx, {
      section: 'returns',
      workflowId: RETURNS_WATCHER_WORKFLOW_ID,
      status: 'skipped',
      outcome: 'not available yet',
    });
    return;
  }
  await learnDealers(ctx);
  const register = await readRegister(ctx);
  let planned = 0;
  const byNo = new Map(register.map((l) => [l.returnNo, { line: l, index: l.verdict ? -1 : planned++ }]));
  let scan;
  try {
    scan = await ctx.client.workflow.execute(returnsWatcherWorkflow, {
      taskQueue: ctx.cfg.temporal.taskQueue,
      workflowId: RETURNS_WATCHER_WORKFLOW_ID,
      args: [],
    });
  } catch (err) {
    record(ctx, {
      section: 'returns',
      workflowId: RETURNS_WATCHER_WORKFLOW_ID,
      status: 'failed',
      outcome: (err as Error).message,
    });
    return;
  }
  record(ctx, {
    section: 'returns',
    workflowId: RETURNS_WATCHER_WORKFLOW_ID,
    status: 'completed',
    outcome: `${scan.rows} register rows: ${scan.started.length} returns started, ${scan.known + scan.alreadyStarted.length} started before, ${scan.settled} settled earlier, ${scan.problemCount} rows with problems`,
  });
  const ids: string[] = [];
  for (const l of register) {
    const id = returnWorkflowId(l.returnNo);
    if ((await describeStatus(ctx, id)) !== null) ids.push(id);
  }
  const wasDone = new Set<string>();
  for (const id of ids) if ((await describeStatus(ctx, id)) === 'COMPLETED') wasDone.add(id);
  // One dealer disputes a short delivery: always the first such line of the register, so two runs of the month
  // (mails arriving in another order) make the same decisions.
  const disputedNo = register.find((l) => {
    const reg = byNo.get(l.returnNo);
    return reg !== undefined && inspect(reg.line, reg.index).verdict === 'warranty-accepted';
  })?.returnNo;

  const respond = async (link: ActionLink, step: StepView): Promise<Answer | null> => {
    const no = link.workflowId.slice('return-'.length);
    const reg = byNo.get(no);
    const what = `「${step.title}」`;
    switch (step.stepId) {
      case 'receipt':
        return {
          action: 'acknowledge',
          verb: 'confirmed receipt:',
          what,
          ...(reg ? { fields: { receivedOn: businessDates(reg.line, ctx.period).receivedOn } } : {}),
        };
      case 'verdict': {
        if (!reg) return null;
        const f = inspect(reg.line, reg.index);
        return {
          action: 'submit',
          verb: `filled in the verdict form (${f.verdict}, ${f.qtyAccepted}/${reg.line.qty}):`,
          what,
          fields: {
            verdict: f.verdict,
            qtyAccepted: String(f.qtyAccepted),
            failureMode: f.failureMode,
            vin: '',
            notes: f.notes,
            inspectedOn: businessDates(reg.line, ctx.period).inspectedOn,
          },
        };
      }
      case 'dealer-agreement': {
        const short = reg && inspect(reg.line, reg.index).verdict === 'warranty-accepted';
        if (short && no === disputedNo) {
          return { action: 'dispute', comment: '两件均已装箱寄出，请再核对到货数量。', what };
        }
        return { action: 'confirm', verb: 'agreed to', what };
      }
      case 'dispute-review':
        return { action: 'approve', verb: 'upheld the verdict:', comment: '已复核到货记录，维持鉴定结论。', what };
      case 'credit-approval':
        return { action: 'approve', comment: '同意抵扣。', what };
      default:
        return null;
    }
  };
  try {
    const results = await answerUntil(ctx, {
      what: 'returns',
      owns: (id) => ids.includes(id),
      watch: () => ids,
      respond,
      done: Promise.all(ids.map((id) => ctx.client.workflow.getHandle(id).result() as Promise<ReturnOutcome>)),
    });
    results.forEach((r, i) => {
      const id = ids[i]!;
      ctx.runs.push({
        section: 'returns',
        workflowId: id,
        status: wasDone.has(id) ? 'already-done' : 'completed',
        outcome: `${r.status}, ${r.verdict ?? '—'}, credit ¥${formatFen(r.creditFen)}${r.grnNo ? `, ${r.grnNo}` : ''}`,
      });
    });
    ctx.log(`  ${ids.every((id) => wasDone.has(id)) ? '↺ already done —' : '✓'} ${returnsLine(results)}`);
  } catch (err) {
    record(ctx, { section: 'returns', workflowId: 'return-*', status: 'failed', outcome: (err as Error).message });
    return;
  }
  await runSupplierBatch(ctx);
}
