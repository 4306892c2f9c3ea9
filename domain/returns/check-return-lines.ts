/**
 * Checks register lines against the master data and each other before any workflow starts: duplicate return
 * numbers, unknown dealers and parts, quantities that are not above zero, a verdict written for a part never
 * received, and lines that cannot be priced. Every problem names file, sheet, row and column.
 */
import type { CellProblem } from '../errors';
import type { Fen } from '../money';
import { normalizeReturnNo } from './doc-numbers';
import type { ReturnLine } from './types';

export interface MasterLookup {
  dealer(dealerId: string): boolean;
  /** null when the part is not in the parts master. */
  part(partNo: string): { unitCostFen: Fen | null } | null;
}

export interface LineCheck {
  /** Lines that may start (or continue) a return workflow, first occurrence of each number only. */
  valid: ReturnLine[];
  problems: CellProblem[];
  /** Return numbers that occur more than once (none of their lines is valid). */
  duplicates: string[];
}

const HEADERS: Record<string, string> = {
  returnNo: '退回单号',
  dealerId: '经销商编号',
  partNo: '配件编号',
  qty: '数量',
  received: '收货日期',
  verdict: '鉴定结论',
  amount: '索赔金额',
};

function where(line: ReturnLine, field: string): Pick<CellProblem, 'file' | 'sheet' | 'row' | 'column'> {
  return {
    file: line.source?.file ?? '(input)',
    sheet: line.source?.sheet ?? '(input)',
    row: line.source?.row ?? 0,
    column: line.source?.columns[field] ?? HEADERS[field] ?? field,
  };
}

/** Problems of one line on its own (no duplicate check). */
export function checkReturnLine(line: ReturnLine, masters: MasterLookup): CellProblem[] {
  const problems: CellProblem[] = [];
  const add = (field: string, value: unknown, reason: string): void => {
    problems.push({ ...where(line, field), value: value === undefined || value === null ? '' : String(value), reason });
  };
  if (!normalizeReturnNo(line.returnNo))
    add(
      'returnNo',
      line.returnNo,
      '退回单号只能包含字母、数字和 - _ . / return number may only contain letters, digits, - _ .',
    );
  if (!Number.isInteger(line.qty) || line.qty <= 0)
    add('qty', line.qty, '数量必须是大于0的整数 / quantity must be a whole number above 0');
  if (!masters.dealer(line.dealerId)) add('dealerId', line.dealerId, '经销商编号不在经销商名录中 / unknown dealer');
  const part = masters.part(line.partNo);
  if (!part) add('partNo', line.partNo, '配件编号不在配件目录中 / unknown part');
  else if ((line.claimAmountFen === undefined || line.claimAmountFen === null) && part.unitCostFen === null) {
    add('amount', '', '无索赔金额且配件无单价，无法计算抵扣 / no claim amount and no unit cost to price the credit');
  }
  if (line.verdict && !line.received) {
    add('verdict', line.verdict, '有鉴定结论但旧件尚未收货（收货日期为空） / a verdict for a return never received');
  }
  return problems;
}

/**
 * Checks all lines of a register read. A return number on several rows is ambiguous (which quantity is
 * right?), so none of them starts; each occurrence is reported with the row of the first.
 */
export function checkReturnLines(lines: readonly ReturnLine[], masters: MasterLookup): LineCheck {
  const byNo = new Map<string, ReturnLine[]>();
  const problems: CellProblem[] = [];
  const candidates: ReturnLine[] = [];
  for (const line of lines) {
    const own = checkReturnLine(line, masters);
    problems.push(...own);
    const no = normalizeReturnNo(line.returnNo);
    if (!no) continue;
    byNo.set(no, [...(byNo.get(no) ?? []), line]);
    if (!own.length) candidates.push(line);
  }
  const duplicates: string[] = [];
  for (const [no, group] of byNo) {
    if (group.length < 2) continue;
    duplicates.push(no);
    const rows = group.map((l) => l.source?.row ?? 0);
    for (const line of group) {
      const others = rows.filter((r) => r !== (line.source?.row ?? 0));
      problems.push({
        ...where(line, 'returnNo'),
        value: line.returnNo,
        reason: `退回单号重复（另见第 ${others.join('、')} 行） / duplicate return number (also on row ${others.join(', ')})`,
      });
    }
  }
  const dup = new Set(duplicates);
  const valid = candidates.filter((l) => !dup.has(normalizeReturnNo(l.returnNo) ?? ''));
  problems.sort((a, b) => a.row - b.row);
  return { valid, problems, duplicates };
}

/** Rows the register marks as settled before the system took over: not started. */
export function isSettledStatus(status: string | undefined): boolean {
  return !!status && /已结算|已结案|已关闭|settled|closed/i.test(status);
}
