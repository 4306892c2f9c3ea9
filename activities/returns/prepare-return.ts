import { AppError, ValidationError } from '../../domain/errors';
import { checkReturnLine, normalizeReturnNo, type ReturnLine } from '../../domain/returns';
import { lookupOf } from './master-lookup';
import type { MasterReader } from './read-masters';
import type { RegisterRead } from './read-register';
import type { ReturnContext, ReturnsActivityDeps, ReturnWorkflowInput } from './types';

export function sameNo(line: ReturnLine, no: string): boolean {
  return normalizeReturnNo(line.returnNo) === no;
}

/**
 * Finds the return's register line (or takes the one the watcher/API passed) and checks it against the
 * dealer and parts masters. Read-only. A return that is not in the register, appears twice, or names an
 * unknown dealer/part, a quantity ≤ 0 or a verdict without receipt fails non-retryably (ValidationError /
 * ReturnNotFound) with each problem's file, sheet, row and column: nothing is posted for it.
 */
export function makePrepareReturn(
  deps: ReturnsActivityDeps,
  io: { masters: MasterReader; register: () => Promise<RegisterRead> },
) {
  return async function prepareReturn(input: ReturnWorkflowInput): Promise<ReturnContext> {
    const no = normalizeReturnNo(String(input.returnNo ?? ''));
    if (!no) throw new AppError('InvalidReturnNo', `"${input.returnNo}" is not a usable return number`, {});
    const line = input.line ? { ...input.line, returnNo: no } : findRegisterLine(await io.register(), no);
    const m = await io.masters.read(deps.settings.sources);
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
  };
}

/** The register's one line of return `no`; none or two of them is refused (nothing is posted for it). */
function findRegisterLine(reg: RegisterRead, no: string): ReturnLine {
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
  return { ...found[0]!, returnNo: no };
}
