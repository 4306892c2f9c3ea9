import { describe, expect, it } from 'vitest';
import {
  buildAdjustmentJournal,
  reconcile,
  selectRecount,
  stockLineKey,
  validateCounts,
  type CountLine,
  type CountRow,
  type LedgerLine,
} from '../../../domain/stocktake';

describe('stocktake logic at 50,000 lines', () => {
  it('validates, reconciles, selects recounts and builds the journal for 50,000 lines with exact results (speed: npm run bench -- stocktake)', () => {
    const ledger: LedgerLine[] = [];
    const counts: CountLine[] = [];
    const rows: CountRow[] = [];
    for (let i = 0; i < 50_000; i++) {
      const zone = `Z${i % 20}`;
      const location = `${zone}-${String(i).padStart(5, '0')}`;
      const book = 10 + (i % 90);
      ledger.push({
        warehouse: '新件库',
        zone,
        location,
        partNo: `P${i % 7000}`,
        partName: '件',
        bookQty: book,
        cardQty: i % 97 === 0 ? book + 1 : book,
        unitCostFen: 100 + (i % 5000),
        ...(i % 3 === 0 ? { category: '紧固件' } : {}),
      });
      const counted = i % 50 === 0 ? book - 3 : i % 333 === 0 ? null : book;
      counts.push({
        key: stockLineKey('新件库', location, `P${i % 7000}`),
        countedQty: counted,
        counter: `C${i % 20}`,
        countedAt: 't',
        round: 1,
      });
      rows.push({
        source: { file: 'f', sheet: zone, row: i + 2 },
        warehouse: '新件库',
        location,
        partNo: `P${i % 7000}`,
        countedQty: counted === null ? '' : String(counted),
      });
    }
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const problems = validateCounts(ledger, rows);
    const result = reconcile(ledger, counts, [], { default: { absQty: 2 }, byCategory: { 紧固件: { absQty: 5 } } });
    const plan = selectRecount(
      result,
      1,
      { maxRounds: 2, differentCounter: true },
      Array.from({ length: 20 }, (_, i) => `C${i}`),
    );
    const journal = buildAdjustmentJournal(result, {
      docNoPrefix: 'PD',
      period: '2026-11',
      approver: 'm',
      reason: 'r',
    });
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    console.log(`stocktake 50000 lines: ${(performance.now() - t0).toFixed(0)} ms wall / ${cpuMs.toFixed(0)} ms CPU`);
    expect(problems).toEqual([]);
    // every 50th line is 3 short (1000 lines); fasteners (i % 3 === 0) allow 5, the rest 2.
    expect(result.summary.total.variances).toBe(1000);
    expect(plan.lines.length).toBe(1000 - Math.ceil(1000 / 3));
    expect(plan.lines.every((l) => l.counter !== l.previousCounter)).toBe(true);
    expect(journal.rows).toHaveLength(1000);
  });
});
