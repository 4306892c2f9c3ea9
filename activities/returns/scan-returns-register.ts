import { createHash } from 'node:crypto';
import { AppError, formatCellProblem, type CellProblem } from '../../domain/errors';
import { checkReturnLines, isSettledStatus, normalizeReturnNo, type ReturnLine } from '../../domain/returns';
import { reportProgress } from '../boundary/report-progress';
import { lookupOf } from './master-lookup';
import type { MasterReader } from './read-masters';
import { readRegister } from './read-register';
import type { RegisterScan } from './scan-register';
import { loadSeenSet } from './seen-set';
import type { ReturnsActivityDeps } from './types';

/**
 * Reads the register and starts `return-<no>` for every valid row not started before.
 * Side effects: workflow starts (REJECT_DUPLICATE: "already started" is success, so a re-read, an edited
 * row or a restarted watcher starts nothing twice) and the seen-set file. Rows with problems — duplicate
 * numbers, unknown dealer/part, qty ≤ 0, a verdict without receipt, unreadable cells — are not started;
 * they are returned by reference with file, sheet, row and column. Retries: safe to repeat.
 */
export function makeScanReturnsRegister(deps: ReturnsActivityDeps, io: { masters: MasterReader }) {
  const s = deps.settings;
  return async function scanReturnsRegister(): Promise<RegisterScan> {
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
    const starts = await startNewReturns(deps, start, check.valid);
    const out: RegisterScan = {
      file: reg.file,
      sheet: reg.sheet,
      rows: reg.lines.length + reg.problems.length,
      ...starts,
      problemCount: problems.length,
      sample: problems.slice(0, 5).map(formatCellProblem),
    };
    if (problems.length) {
      out.problemsRef = await deps.work.putJson(problems);
      out.problemsHash = createHash('sha256').update(JSON.stringify(problems)).digest('hex');
    }
    return out;
  };
}

/** Starts a workflow for each valid line the seen-set does not know and the register does not mark settled. */
async function startNewReturns(
  deps: ReturnsActivityDeps,
  start: NonNullable<ReturnsActivityDeps['startReturn']>,
  valid: ReturnLine[],
): Promise<Pick<RegisterScan, 'started' | 'alreadyStarted' | 'known' | 'settled'>> {
  const seen = await loadSeenSet(deps.stateDir, deps.settings.sources.register);
  const started: string[] = [];
  const alreadyStarted: string[] = [];
  let known = 0;
  let settled = 0;
  const now = (deps.now ?? (() => new Date()))().toISOString();
  try {
    for (const line of valid) {
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
  return { started, alreadyStarted, known, settled };
}
