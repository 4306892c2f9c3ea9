/**
 * Reading the dealer list and transactions the way staff keep them (English or Chinese headers, money as text,
 * dates as text, a totals row), attributing every refused row to its dealer, and re-reading a workbook only when
 * it changed: thousands of follow-up looks cost a fingerprint, not a parse.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sheet } from './sheet-fixture';
import { WorkStore } from '../../../activities/archive/work-store';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import type { TableBackend } from '../../../activities/sheets/types';

function countingBackend(inner: TableBackend): { backend: TableBackend; reads: Record<string, number> } {
  const reads: Record<string, number> = {};
  const backend: TableBackend = {
    ...inner,
    listSheets: (ref) => inner.listSheets(ref),
    fingerprint: (ref) => inner.fingerprint(ref),
    writeTable: (...a) => inner.writeTable(...a),
    readRows(ref) {
      const key = ref.kind === 'excel' ? ref.path.split('/').pop()! : ref.spreadsheetId;
      reads[key] = (reads[key] ?? 0) + 1;
      return inner.readRows(ref);
    },
  };
  return { backend, reads };
}

describe('ledger snapshots', () => {
  it('maps messy rows, holds back dealers with problems, and re-reads only what changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const dealersPath = join(dir, 'dealers.xlsx');
    const txPath = join(dir, 'tx.xlsx');
    await sheet(dealersPath, 'Dealers', [
      ['Dealer ID', 'Dealer Name', 'Region', 'E-mail', 'Credit Limit', 'Payment Terms', 'Credit Hold'],
      ['d-01', 'Alpha Motors', 'East', 'a@x.cn; ops@x.cn', '50,000', '45天', 'N'],
      ['D-02', 'Beta Parts', 'West', 'not-an-email', '', '', ''],
      ['D-03', 'Gamma', 'West', 'g@x.cn', null, 30, '是'],
    ]);
    await sheet(txPath, 'Ledger', [
      ['往来账 2026年10月'],
      ['Date', 'Dealer ID', 'Type', 'Document No', 'Amount', 'Due Date', 'Applies To', 'Note'],
      ['2026/10/3', 'D-01', 'invoice', 'fh-1', '¥1,234.50', '2026年11月2日', null, null],
      [new Date(Date.UTC(2026, 9, 9)), 'D-01', '回款', 'HK-1', 1000, null, 'FH-1', null],
      ['2026-10-05', 'D-02', '发货', 'FH-2', 500, '2026-11-04', null, null],
      ['2026-10-06', 'D-03', '发货', 'FH-3', 'abc', '2026-11-05', null, null],
      [],
      ['合计', null, null, null, 2734.5, null, null, null],
    ]);
    const work = new WorkStore({ root: dir });
    const { backend, reads } = countingBackend(createExcelBackend());
    const snaps = createLedgerSnapshots({ backendFor: () => backend, work });
    const sources = {
      dealers: { kind: 'excel' as const, path: dealersPath },
      transactions: { kind: 'excel' as const, path: txPath },
    };

    const s1 = await snaps.snapshot(sources, 30);
    expect([...s1.dealers.byId.keys()]).toEqual(['D-01', 'D-03']);
    expect(s1.dealers.byId.get('D-01')).toMatchObject({
      email: 'a@x.cn',
      creditLimitFen: 5_000_000,
      paymentTermsDays: 45,
      creditHold: false,
    });
    expect(s1.dealers.byId.get('D-03')).toMatchObject({ creditHold: true, creditLimitFen: 0 });
    // D-02's own row is refused (bad e-mail): reported once, on the dealer row; D-02 is still a known dealer, so its
    // transactions are not "unknown dealer" (it is held back by its own row). D-03 has a bad amount.
    expect(s1.dealers.problems.get('D-02')).toEqual([
      expect.objectContaining({ file: 'dealers.xlsx', sheet: 'Dealers', row: 3, column: 'E-mail' }),
    ]);
    expect(s1.transactions.problems.get('D-03')).toEqual([
      expect.objectContaining({ file: 'tx.xlsx', sheet: 'Ledger', row: 6, column: 'Amount', value: 'abc' }),
    ]);
    expect(s1.transactions.problems.get('D-02')).toBeUndefined();
    expect([...s1.transactions.shardOf.keys()]).toEqual(['D-01']);
    const shard = await snaps.shard(s1.transactions.shardOf.get('D-01')!);
    expect(shard['D-01']!.dealer).toMatchObject({ dealerId: 'D-01', name: 'Alpha Motors', region: 'East' });
    expect(shard['D-01']!.transactions).toEqual([
      {
        date: '2026-10-03',
        dealerId: 'D-01',
        type: 'shipment',
        docNo: 'FH-1',
        amountFen: 123_450,
        dueDate: '2026-11-02',
      },
      { date: '2026-10-09', dealerId: 'D-01', type: 'payment', docNo: 'HK-1', amountFen: 100_000, refDocNo: 'FH-1' },
    ]);

    await snaps.snapshot(sources, 30);
    await snaps.snapshot(sources, 30);
    expect(reads).toEqual({ 'dealers.xlsx': 1, 'tx.xlsx': 1 });
    // Staff fix D-03's amount: only the transactions are read again, and D-03 now proceeds.
    await sheet(txPath, 'Ledger', [
      ['Date', 'Dealer ID', 'Type', 'Document No', 'Amount', 'Due Date'],
      ['2026-10-06', 'D-03', '发货', 'FH-3', '800', '2026-11-05'],
    ]);
    const s2 = await snaps.snapshot(sources, 30);
    expect(reads).toEqual({ 'dealers.xlsx': 1, 'tx.xlsx': 2 });
    expect([...s2.transactions.shardOf.keys()]).toEqual(['D-01', 'D-03']);
  });
  it("holds back both dealers when a refused row repeats a valid row's document number, and no one else", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-dup-'));
    const dealersPath = join(dir, 'dealers.xlsx');
    const txPath = join(dir, 'tx.xlsx');
    await sheet(dealersPath, 'Dealers', [
      ['Dealer ID', 'Dealer Name', 'Region', 'E-mail'],
      ['D-01', 'Alpha', 'East', 'a@x.cn'],
      ['D-02', 'Beta', 'West', 'b@x.cn'],
      ['D-03', 'Gamma', 'West', 'g@x.cn'],
      ['D-04', 'Delta', 'North', 'd@x.cn'],
    ]);
    await sheet(txPath, 'Ledger', [
      ['Date', 'Dealer ID', 'Type', 'Document No', 'Amount', 'Due Date'],
      ['2026-10-03', 'D-01', '发货', 'FH-1', 100, '2026-11-02'],
      ['2026-10-04', 'D-02', '发货', 'fh-1', 'abc', '2026-11-03'],
      ['2026-10-05', 'D-03', '发货', 'FH-3', 300, '2026-11-04'],
      ['2026-10-06', 'D-04', '发货', 'FH-4', 'n/a', '2026-11-05'],
      ['2026-10-07', 'D-03', '回款', 'HK-3', 300, null],
    ]);
    const work = new WorkStore({ root: dir });
    const snaps = createLedgerSnapshots({ backendFor: () => createExcelBackend(), work });
    const s = await snaps.snapshot(
      {
        dealers: { kind: 'excel' as const, path: dealersPath },
        transactions: { kind: 'excel' as const, path: txPath },
      },
      30,
    );
    // Row 3 (D-02) is refused for its amount and names FH-1 as row 2 (D-01) does: both rows get the duplicate,
    // each under its own dealer; D-04's refused row names a document nobody else does.
    const codes = (id: string) => (s.transactions.problems.get(id) ?? []).map((p) => `${p.row}:${p.code}`).sort();
    expect(codes('D-01')).toEqual(['2:duplicate-doc']);
    expect(codes('D-02')).toEqual(['3:duplicate-doc', expect.stringMatching(/^3:/)].sort());
    expect(s.transactions.problems.get('D-02')!.find((p) => p.code === 'duplicate-doc')).toMatchObject({
      file: 'tx.xlsx',
      sheet: 'Ledger',
      row: 3,
      column: 'Document No',
    });
    expect(codes('D-04')).toHaveLength(1);
    expect(codes('D-04')[0]).not.toContain('duplicate-doc');
    expect(s.transactions.problems.has('D-03')).toBe(false);
    expect([...s.transactions.shardOf.keys()]).toEqual(['D-03']);
  });
});
