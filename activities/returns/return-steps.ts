/**
 * Activities of one return before anything is posted: its policy, its validated facts, and the register's
 * current receipt / verdict cells (polled while the workflow waits).
 */
import { normalizeReturnNo } from '../../domain/returns';
import { makePrepareReturn, sameNo } from './prepare-return';
import type { MasterReader } from './read-masters';
import type { RegisterRead } from './read-register';
import type { ReturnPolicy, ReturnsActivityDeps, RowStatus } from './types';

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

    prepareReturn: makePrepareReturn(deps, io),

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
