import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../domain/errors';
import { buildAdjustmentJournal, reconcile, requiredApprovals, type ApprovalTier } from '../../../domain/stocktake';
import { KEYS, LEDGER, MOVEMENTS, ROUND1, TOLERANCES, count } from './stocktake-fixture';

const MANAGER: ApprovalTier = {
  approver: { name: '王经理', email: 'manager@example.cn' },
  role: 'manager',
  maxValueFen: 500_000,
};
const DIRECTOR: ApprovalTier = { approver: { name: '吴总监', email: 'director@example.cn' }, role: 'director' };
const result = reconcile(LEDGER, ROUND1, MOVEMENTS, TOLERANCES);
const OPTIONS = { docNoPrefix: 'PD-NP', period: '2026-11', approver: '王经理', reason: '月度盘点差异调整' };

describe('approval tiers (tolerance groups)', () => {
  it('gross value 37900 fen is within the manager’s ¥5000 limit', () => {
    expect(requiredApprovals(result.summary.total, [MANAGER, DIRECTOR])).toEqual({
      valueFen: 37_900,
      basis: 'abs',
      approvers: [MANAGER],
      exceedsAllTiers: false,
    });
    expect(requiredApprovals(result.summary.total, [MANAGER, DIRECTOR], 'net').valueFen).toBe(18_100);
  });

  it('exactly the limit stays with the manager, one fen more needs the second approver', () => {
    expect(requiredApprovals({ absValueFen: 500_000, netValueFen: 0 }, [MANAGER, DIRECTOR]).approvers).toEqual([
      MANAGER,
    ]);
    expect(requiredApprovals({ absValueFen: 500_001, netValueFen: 0 }, [MANAGER, DIRECTOR]).approvers).toEqual([
      MANAGER,
      DIRECTOR,
    ]);
  });

  it('net basis: a loss counts by its size', () => {
    expect(requiredApprovals({ absValueFen: 0, netValueFen: -600_000 }, [MANAGER, DIRECTOR], 'net')).toMatchObject({
      valueFen: 600_000,
      approvers: [MANAGER, DIRECTOR],
    });
  });

  it('above every limit: all tiers listed and flagged', () => {
    const tiers = [
      { ...MANAGER, maxValueFen: 10_000 },
      { ...DIRECTOR, maxValueFen: 50_000 },
      { approver: { name: '总经理', email: 'gm@example.cn' }, maxValueFen: 100_000 },
    ];
    const r = requiredApprovals({ absValueFen: 150_000, netValueFen: 0 }, tiers);
    expect(r.approvers).toHaveLength(3);
    expect(r.exceedsAllTiers).toBe(true);
  });

  it('bad tier configuration is a ConfigError', () => {
    expect(() => requiredApprovals({ absValueFen: 1, netValueFen: 1 }, [])).toThrow(ConfigError);
    expect(() => requiredApprovals({ absValueFen: 1, netValueFen: 1 }, [DIRECTOR, MANAGER])).toThrow(ConfigError);
    expect(() =>
      requiredApprovals({ absValueFen: 1, netValueFen: 1 }, [MANAGER, { ...DIRECTOR, maxValueFen: 400_000 }]),
    ).toThrow(ConfigError);
  });
});

describe('adjustment journal', () => {
  const journal = buildAdjustmentJournal(result, OPTIONS);

  it('one row per variance line, document numbers from the snapshot line number', () => {
    expect(
      journal.rows.map((r) => [r.docNo, r.partNo, r.bookQty, r.countedQty, r.adjustmentQty, r.valueFen, r.direction]),
    ).toEqual([
      ['PD-NP-2026-11-0001', 'P100', 100, 92, -8, -400, 'loss'],
      ['PD-NP-2026-11-0002', 'P200', 20, 19, -1, -3500, 'loss'],
      ['PD-NP-2026-11-0003', 'P300', 10, 12, 2, 24000, 'gain'],
      ['PD-NP-2026-11-0004', 'P400', 50, 47, -3, -6000, 'loss'],
      ['PD-NP-2026-11-0005', 'P500', 0, 1, 1, 4000, 'gain'],
    ]);
    expect(journal.rows[0]).toMatchObject({
      reason: '月度盘点差异调整',
      approver: '王经理',
      period: '2026-11',
      category: '紧固件',
    });
    expect(journal.totals).toEqual({ lines: 5, gainValueFen: 28_000, lossValueFen: -9_900, netValueFen: 18_100 });
  });

  it('corrected book and card quantities (at the cut-off; L7 moved but is right, L8 only needs its card fixed)', () => {
    expect(
      journal.corrections.map((c) => [
        c.partNo,
        c.docNo,
        c.bookQty,
        c.correctedBookQty,
        c.adjustmentQty,
        c.cardQty,
        c.correctedCardQty,
      ]),
    ).toEqual([
      ['P100', 'PD-NP-2026-11-0001', 100, 92, -8, 100, 92],
      ['P200', 'PD-NP-2026-11-0002', 20, 19, -1, 20, 19],
      ['P300', 'PD-NP-2026-11-0003', 10, 12, 2, 12, 12],
      ['P400', 'PD-NP-2026-11-0004', 50, 47, -3, 50, 47],
      ['P500', 'PD-NP-2026-11-0005', 0, 1, 1, 0, 1],
      ['P800', null, 8, 8, 0, 7, 8],
    ]);
  });

  it('is deterministic: same input → same rows, whatever the order counts arrived in', () => {
    const again = buildAdjustmentJournal(
      reconcile(LEDGER, [...ROUND1].reverse(), [...MOVEMENTS].reverse(), TOLERANCES),
      OPTIONS,
    );
    expect(again).toEqual(journal);
    expect(JSON.stringify(again)).toBe(JSON.stringify(journal));
  });

  it('numbers the posted lines contiguously from 0001, with no gap where a recount left a line unchanged', () => {
    const recounted = reconcile(LEDGER, [...ROUND1, count(2, 10, '钱发货员', 2)], MOVEMENTS, TOLERANCES);
    const j = buildAdjustmentJournal(recounted, OPTIONS);
    expect(j.rows.map((r) => [r.docNo, r.partNo])).toEqual([
      ['PD-NP-2026-11-0001', 'P100'],
      ['PD-NP-2026-11-0002', 'P200'],
      ['PD-NP-2026-11-0003', 'P400'],
      ['PD-NP-2026-11-0004', 'P500'],
    ]);
    // The corrected book refers to the same numbers as the journal.
    const byPart = new Map(j.rows.map((r) => [r.partNo, r.docNo]));
    for (const c of j.corrections) if (c.docNo) expect(c.docNo).toBe(byPart.get(c.partNo));
  });

  it('per-line reasons and missing prefix', () => {
    const j = buildAdjustmentJournal(result, { ...OPTIONS, reasons: { [KEYS[2]!]: '卡片漏记入库' } });
    expect(j.rows[2]!.reason).toBe('卡片漏记入库');
    expect(j.rows[0]!.reason).toBe('月度盘点差异调整');
    expect(() => buildAdjustmentJournal(result, { ...OPTIONS, docNoPrefix: ' ' })).toThrow(ConfigError);
  });
});
