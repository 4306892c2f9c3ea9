/**
 * Activities of one return before anything is posted: its policy, its validated facts, and the register's
 * current receipt / verdict cells (polled while the workflow waits).
 */
import { AppError, ValidationError } from '../../domain/errors';
import { checkReturnLine, normalizeReturnNo, type MasterLookup, type ReturnLine } from '../../domain/returns';
import type { Masters, MasterReader } from './read-masters';
import type { RegisterRead } from './read-register';
import type { ReturnContext, ReturnPolicy, ReturnsActivityDeps, ReturnWorkflowInput, RowStatus } from './types';

export function lookupOf(m: Masters): MasterLookup {
  return {
    dealer: (id) => m.dealers.has(id),
    part: (no) => {
      const p = m.parts.get(no);
      return p ? { unitCostFen: p.unitCostFen } : null;
    },
  };
}

function sameNo(line: ReturnLine, no: string): boolean {
  return normalizeReturnNo(line.returnNo) === no;
}

export function createReturnStepActivities(
  deps: ReturnsActivityDeps,
  io: { masters: MasterReader; register: () => Promise<RegisterRead> },
) {
  const s = deps.settings;
  return {
    /** The settings a return workflow needs (people, thresholds, timings). No side effects. */
    async getReturnPolicy(): Promise<ReturnPolicy> {
      return {
        locale: s.locale,
        timeZone: s.timeZone,
        companyName: s.companyName,
        people: s.people,
        creditApprovalThresholdFen: s.creditApprovalThresholdFen,
        receiptReminderAfter: s.receiptReminderAfter,
        maxReceiptReminders: s.maxReceiptReminders,
        receiptPollInterval: s.receiptPollInterval,
        receiptDeadline: s.receiptDeadline,
        dealerResponseDeadline: s.dealerResponseDeadline,
        approvals: s.approvals,
      };
    },

    /**
     * Finds the return's register line (or takes the one the watcher/API passed) and checks it against the
     * dealer and parts masters. Read-only. A return that is not in the register, appears twice, or names an
     * unknown dealer/part, a quantity ≤ 0 or a verdict without receipt fails non-retryably (ValidationError /
     * ReturnNotFound) with each problem's file, sheet, row and column: nothing is posted for it.
     */
    async prepareReturn(input: ReturnWorkflowInput): Promise<ReturnContext> {
      const no = normalizeReturnNo(String(input.returnNo ?? ''));
      if (!no) throw new AppError('InvalidReturnNo', `"${input.returnNo}" is not a usable return number`, {});
      let line = input.line ? { ...input.line, returnNo: no } : undefined;
      if (!line) {
        const reg = await io.register();
        const found = reg.lines.filter((l) => sameNo(l, no));
        if (!found.length) {
          throw new AppError(
            'ReturnNotFound',
            `退回单 ${no} 不在 ${reg.file} › ${reg.sheet} 中 / return ${no} is not in ${reg.file} › ${reg.sheet}`,
            { returnNo: no },
          );
        }
        if (found.length > 1) {
          const rows = found.map((l) => l.source?.row ?? 0);
          throw new ValidationError(
            `退回单号 ${no} 重复，未处理 / return number ${no} appears ${found.length} times`,
            found.map((l) => ({
              file: reg.file,
              sheet: reg.sheet,
              row: l.source?.row ?? 0,
              column: l.source?.columns.returnNo ?? '退回单号',
              value: l.returnNo,
              reason: `退回单号重复（第 ${rows.join('、')} 行） / duplicate return number (rows ${rows.join(', ')})`,
            })),
          );
        }
        line = { ...found[0]!, returnNo: no };
      }
      const m = await io.masters.read(s.sources);
      const problems = checkReturnLine(line, lookupOf(m));
      if (problems.length) {
        throw new ValidationError(`退回单 ${no} 数据有误，未处理 / return ${no} has invalid data`, problems);
      }
      const d = m.dealers.get(line.dealerId)!;
      const p = m.parts.get(line.partNo)!;
      return {
        line,
        dealer: {
          id: d.id,
          name: d.name,
          email: d.email,
          region: d.region,
          ...(d.contact ? { contact: d.contact } : {}),
        },
        part: {
          partNo: p.partNo,
          name: p.name,
          supplier: p.supplier,
          model: p.model || '未知',
          unitCostFen: p.unitCostFen,
        },
      };
    },

    /**
     * The register's current 收货日期 / 鉴定结论 / 状态 for one return (read-only; cached by the file's
     * fingerprint, so many waiting returns polling the same sheet read it once per change).
     */
    async checkReturnRow(input: { returnNo: string }): Promise<RowStatus> {
      const no = normalizeReturnNo(input.returnNo) ?? input.returnNo;
      const reg = await io.register();
      const line = reg.lines.find((l) => sameNo(l, no));
      if (!line) return { found: false };
      return {
        found: true,
        ...(line.received ? { received: line.received } : {}),
        ...(line.verdict ? { verdict: line.verdict } : {}),
        ...(line.status ? { status: line.status } : {}),
        where: `${reg.file} › ${reg.sheet} › ${line.source?.row ?? '?'}`,
      };
    },
  };
}
