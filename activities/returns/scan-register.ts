/**
 * The watcher's activities: read the returns register, check every row, start one return workflow per new
 * return number, and tell the register's keeper about rows that cannot start.
 */
import { formatCellProblem, type CellProblem } from '../../domain/errors';
import type { DataRef } from '../archive/types';
import type { SendMailResult } from '../mail/send-mail';
import type { MasterReader } from './read-masters';
import { makeScanReturnsRegister } from './scan-returns-register';
import type { createReturnMailActivities } from './send-return-mail';
import type { ReturnsActivityDeps } from './types';

export interface RegisterScan {
  file: string;
  sheet: string;
  rows: number;
  /** Return numbers whose workflow this scan started. */
  started: string[];
  /** New to the seen-set but Temporal already had the workflow (e.g. after a lost seen-set). */
  alreadyStarted: string[];
  /** Rows skipped because an earlier scan started them. */
  known: number;
  /** Rows the register marks as settled (已结算) before the system took over. */
  settled: number;
  problemCount: number;
  /** All problems, in the work store (history carries the reference only). */
  problemsRef?: DataRef;
  problemsHash?: string;
  /** The first few problems as text, for the workflow result and logs. */
  sample: string[];
}

export function createRegisterScanActivities(
  deps: ReturnsActivityDeps,
  io: { masters: MasterReader; mail: ReturnType<typeof createReturnMailActivities> },
) {
  const s = deps.settings;
  return {
    scanReturnsRegister: makeScanReturnsRegister(deps, io),

    /**
     * Mails the register's problems to the old-parts warehouse keeper. Side effect: one email per distinct
     * set of problems (sent-log key is the problems' hash), so a watcher reading the same faulty sheet every
     * 15 minutes mails once, and again only when the problems change.
     */
    async reportRegisterProblems(input: {
      file: string;
      sheet: string;
      problemsRef: DataRef;
      problemsHash: string;
    }): Promise<SendMailResult> {
      const problems = await deps.work.getJson<CellProblem[]>(input.problemsRef);
      const keeper = s.people.warehouseOld;
      return io.mail.sendReturnMail({
        template: 'return-register-problems',
        locale: s.locale,
        key: {
          workflowId: 'returns-register',
          step: `problems-${input.problemsHash.slice(0, 24)}`,
          recipient: keeper.email,
        },
        to: { name: keeper.name, address: keeper.email },
        vars: {
          recipientName: keeper.name,
          file: input.file,
          sheet: input.sheet,
          problemCount: problems.length,
          problems: problems.slice(0, 50).map(formatCellProblem),
          senderName: s.companyName,
        },
      });
    },
  };
}
