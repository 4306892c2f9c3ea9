/**
 * 退货抵扣 credits posted by return processing reach dunning from their system-owned journal, counted once when staff
 * also keyed them into 往来账 (same 单据号), and a journal that does not exist yet changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sheet } from './sheet-fixture';
import { WorkStore } from '../../../activities/archive/work-store';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { CREDIT_HEADER } from '../../../activities/returns/journals';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';

describe('system-owned credit journal in dunning', () => {
  it('adds the journal’s credits to the dealers’ transactions, once per document number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'credits-'));
    const dealers = join(dir, 'dealers.xlsx');
    const tx = join(dir, 'tx.xlsx');
    const credits = join(dir, '退货抵扣.xlsx');
    await sheet(dealers, '经销商', [
      ['经销商编号', '经销商名称', '区域', '邮箱'],
      ['D001', '杭州东风汽配', '华东', 'd1@x.cn'],
      ['D002', '南京长江汽修', '华东', 'd2@x.cn'],
    ]);
    await sheet(tx, '往来账', [
      ['日期', '经销商编号', '类型', '单据号', '金额', '到期日', '核销单据号', '备注'],
      ['2026-10-03', 'D001', '发货', 'FH-1', 5000, '2026-11-02', null, null],
      ['2026-10-04', 'D002', '发货', 'FH-2', 3000, '2026-11-03', null, null],
      // Staff keyed one of the system's credits by hand too (same document number).
      ['2026-11-10', 'D002', '退货抵扣', 'CR-R2026110002', 320, null, null, '手工录入'],
    ]);
    const sources = {
      dealers: { kind: 'excel' as const, path: dealers },
      transactions: { kind: 'excel' as const, path: tx },
      credits: { kind: 'excel' as const, path: credits },
    };
    const work = new WorkStore({ root: dir });
    const snaps = createLedgerSnapshots({ backendFor: () => createExcelBackend(), work });

    // No journal yet: nothing added, nothing held back.
    const before = await snaps.snapshot(sources, 30);
    const rowsOf = async (s: typeof before, id: string) =>
      (await snaps.shard(s.transactions.shardOf.get(id)!))[id]!.transactions.map((t) => [t.docNo, t.amountFen]);
    expect(await rowsOf(before, 'D001')).toEqual([['FH-1', 500_000]]);

    await sheet(credits, '退货抵扣', [
      [...CREDIT_HEADER],
      [
        new Date(Date.UTC(2026, 10, 12)),
        'D001',
        '退货抵扣',
        'CR-R2026110001',
        640,
        null,
        null,
        '旧件退回',
        'R2026110001',
      ],
      [
        new Date(Date.UTC(2026, 10, 13)),
        'D002',
        '退货抵扣',
        'CR-R2026110002',
        320,
        null,
        null,
        '旧件退回',
        'R2026110002',
      ],
    ]);
    const after = await snaps.snapshot(sources, 30);
    expect(after.transactions.problems.size).toBe(0);
    expect(await rowsOf(after, 'D001')).toEqual([
      ['FH-1', 500_000],
      ['CR-R2026110001', 64_000],
    ]);
    // Keyed in both places: counted once, as 往来账 has it.
    expect(await rowsOf(after, 'D002')).toEqual([
      ['FH-2', 300_000],
      ['CR-R2026110002', 32_000],
    ]);
  });
});
