/**
 * The watcher's activities: read the returns register, check every row, start one return workflow per new
 * return number, and tell the register's keeper about rows that cannot start.
 */
import { createHash } from 'node:crypto';
import { AppError, formatCellProblem, type CellProblem } from '../../domain/errors';
import { checkReturnLines, isSettledStatus, normalizeReturnNo } from '../../domain/returns';
import type { DataRef } from '../archive/types';
import type { SendMailResult } from '../mail/send-mail';
import { reportProgress } from '../boundary/report-progress';
import type { MasterReader } from './read-masters';
import { readRegister } from './read-register';
import { lookupOf } from './return-steps';
import { loadSeenSet } from './seen-set';
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
    /**
     * Reads the register and starts `return-<no>` for every valid row not started before.
     * Side effects: workflow starts (REJECT_DUPLICATE: "already started" is success, so a re-read, an edited
     * row or a restarted watcher starts nothing twice) and the seen-set file. Rows with problems — duplicate
     * numbers, unknown dealer/part, qty ≤ 0, a verdict without receipt, unreadable cells — are not started;
     * they are returned by reference with file, sheet, row and column. Retries: safe to repeat.
     */
    async scanReturnsRegister(): Promise<RegisterScan> {
      const start = deps.startReturn;
      if (!start)
        throw new AppError(
          'ConfigError',
          'the returns activities were built without startReturn (a Temporal client)',
          {},
        );
      const backend = deps.backendFor(s.sources.register);
      const reg = await readRegister(backend, s.sources.register, s.sources.registerMapping);
      reportProgress({ read: reg.lines.length });
      const masters = await io.masters.read(s.sources);
      const check = checkReturnLines(reg.lines, lookupOf(masters));
      const problems: CellProblem[] = [...reg.problems, ...check.problems].sort((a, b) => a.row - b.row);
      const seen = await loadSeenSet(deps.stateDir, s.sources.register);
      const started: string[] = [];
      const alreadyStarted: string[] = [];
      let known = 0;
      let settled = 0;
      const now = (deps.now ?? (() => new Date()))().toISOString();
      try {
        for (const line of check.valid) {
          const no = normalizeReturnNo(line.returnNo)!;
          if (seen.has(no)) {
            known++;
            continue;
          }
          if (isSettledStatus(line.status)) {
            settled++;
            continue;
          }
          const outcome = await start({ returnNo: no, line: { ...line, returnNo: no } });
          seen.add(no, now);
          (outcome === 'started' ? started : alreadyStarted).push(no);
          reportProgress({ started: started.length });
        }
      } finally {
        await seen.save();
      }
      const out: RegisterScan = {
        file: reg.file,
        sheet: reg.sheet,
        rows: reg.lines.length + reg.problems.length,
        started,
        alreadyStarted,
        known,
        settled,
        problemCount: problems.length,
        sample: problems.slice(0, 5).map(formatCellProblem),
      };
      if (problems.length) {
        out.problemsRef = await deps.work.putJson(problems);
        out.problemsHash = createHash('sha256').update(JSON.stringify(problems)).digest('hex');
      }
      return out;
    },

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
