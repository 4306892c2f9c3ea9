/**
 * A dealer's child runs its steps as local activities: a worker killed after the look's commit but before the
 * workflow task completed loses the markers of the whole look, and the re-run takes the look again. Taken as of
 * before the pending operation, the re-taken look decides, charges and counts exactly as the lost attempt did —
 * instead of seeing its own letter and charges and reporting nothing sent (the finance summary's undercount).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthSettings, sheet } from './sheet-fixture';
import { WorkStore } from '../../../activities/archive/work-store';
import { ChargeJournal, DunningStateStore } from '../../../activities/dunning';
import { createDealerActivities } from '../../../activities/dunning/dealer-activities';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { createPrepareActivities } from '../../../activities/dunning/prepare-dunning-run';
import type { DunningSettings } from '../../../activities/dunning/types';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { createExcelCreditHoldWriter } from '../../../activities/dunning/write-credit-hold';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import { parsePeriod } from '../../../domain/calendar';

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'retake-'));
  await sheet(join(dir, 'dealers.xlsx'), '经销商', [
    ['经销商编号', '经销商名称', '邮箱'],
    ['D1', '甲', 'd1@x.cn'],
  ]);
  await sheet(join(dir, 'tx.xlsx'), '往来账', [
    ['日期', '经销商编号', '类型', '单据号', '金额', '到期日'],
    ['2026-08-01', 'D1', '发货', 'FH1', 12_000, '2026-08-31'],
    ['2026-10-01', 'D1', '发货', 'FH2', 3_000, '2026-10-31'],
  ]);
  const work = new WorkStore({ root: dir });
  const excel = createExcelBackend();
  const snapshots = createLedgerSnapshots({ backendFor: () => excel, work });
  const state = new DunningStateStore({ dir: join(dir, 'state') });
  const journal = new ChargeJournal({ dir: join(dir, 'charges') });
  const prep = createPrepareActivities({ work, snapshots, archive: { putDocument: () => Promise.reject() } as never });
  // One level that charges both a fee and interest, so the re-taken look has postings to see or not to see.
  const settings = monthSettings(
    dir,
    parsePeriod('2026-11'),
    exampleProcedure({
      levels: [
        {
          level: 1,
          daysAfterDue: 0,
          minOverdueFen: 10_000,
          template: 'dunning-reminder',
          feeFen: 5_000,
          interestBpPerYear: 1000,
        },
      ],
    }),
  );
  const run = await prep.prepareDunningRun({ settings, workflowId: 'dunning-2026-11', runId: 'r1' });
  const [entry] = await prep.readManifestSlice({ manifestRef: run.manifestRef, offset: 0, limit: 1 });
  const acts = createDealerActivities({
    work,
    snapshots,
    state,
    journal,
    holdWriter: createExcelCreditHoldWriter({
      resolvePath: (ref) => (ref.kind === 'excel' ? ref.path : ''),
      lockDir: join(dir, 'locks'),
    }),
    resultsDir: join(dir, 'results'),
    settings: (ref) => work.getJson<DunningSettings>(ref),
    // The looks here ask for no statement (no `statementFor`): a render would be a fault of the look.
    render: () => Promise.reject(new Error('no statement is rendered in this test')),
  });
  return { acts, state, journal, dir, begin: { settingsRef: run.settingsRef, dealerId: 'D1', shard: entry!.shard } };
}

describe('a look re-taken after its commit was lost with the workflow task', () => {
  it('decides, charges and counts as the lost attempt did; the commit finds its version', async () => {
    const { acts, state, journal, begin } = await setUp();
    const wf = 'dunning-2026-11-D1';
    const first = await acts.beginDealerMonth({ ...begin, pendingOp: `${wf}#1` });
    expect(first.facts.decision).toMatchObject({ action: 'send' });
    const level = first.facts.decision.level!;
    const charged = await acts.postDunningCharges({ recRef: first.facts.recRef, fee: true, by: wf, op: `${wf}#1` });
    expect(charged).toMatchObject({ feeFen: 5_000, posted: ['FEE-D1-2026-11-L1'] });
    const commit = {
      dealerId: 'D1',
      recRef: first.facts.recRef,
      expectVersion: first.facts.stateVersion,
      letterSent: true,
      letterNo: 'CK-2026-11-D1-01',
      posted: charged.posted,
      on: first.facts.asOf,
      opId: `${wf}#1`,
      by: wf,
    };
    const { version } = await acts.commitDealerState(commit);
    expect(version).toBe(1);

    // The lost workflow task's re-run: same pending op, so the same look.
    const again = await acts.beginDealerMonth({ ...begin, pendingOp: `${wf}#1` });
    expect(again.facts).toEqual(first.facts);
    const recharged = await acts.postDunningCharges({ recRef: again.facts.recRef, fee: true, by: wf, op: `${wf}#1` });
    expect(recharged).toEqual(charged);
    expect(await acts.commitDealerState({ ...commit, recRef: again.facts.recRef })).toEqual({ version: 1 });
    expect((await state.load('D1')).state.letters).toHaveLength(1);
    expect(await journal.list('D1')).toHaveLength(charged.posted.length);

    // A follow-up look ten days later accrues interest on the letter's documents; its commit is lost the same way.
    const review = { settingsRef: begin.settingsRef, dealerId: 'D1', asOf: '2026-12-10' };
    const look2 = await acts.reviewDealer({ ...review, pendingOp: `${wf}#2` });
    expect(look2.interestCharge).toBeTruthy();
    const interest = await acts.postDunningCharges({ recRef: look2.recRef, fee: false, by: wf, op: `${wf}#2` });
    expect(interest.interestFen).toBeGreaterThan(0);
    const commit2 = { ...commit, recRef: look2.recRef, expectVersion: 1, letterSent: false, posted: interest.posted };
    expect(await acts.commitDealerState({ ...commit2, opId: `${wf}#2` })).toEqual({ version: 2 });
    const look2Again = await acts.reviewDealer({ ...review, pendingOp: `${wf}#2` });
    expect(look2Again).toEqual(look2);
    expect(await acts.postDunningCharges({ recRef: look2Again.recRef, fee: false, by: wf, op: `${wf}#2` })).toEqual(
      interest,
    );

    // A genuinely later look (the next operation) sees the letter and the charges: nothing sent or charged again.
    const later = await acts.reviewDealer({ ...review, pendingOp: `${wf}#3` });
    expect(later.stateVersion).toBe(2);
    expect(later.decision.action === 'send' && later.decision.level === level).toBe(false);
    expect(later.interestCharge).toBeFalsy();
    // And the first look re-taken now (both later commits lost together) still sees the month before it.
    expect((await acts.beginDealerMonth({ ...begin, pendingOp: `${wf}#1` })).facts).toEqual(first.facts);
  });

  it('a look of another workflow, or with no pending op, sees the stored state as it is', async () => {
    const { acts, begin } = await setUp();
    const first = await acts.beginDealerMonth({ ...begin, pendingOp: 'dunning-2026-11-D1#1' });
    await acts.commitDealerState({
      dealerId: 'D1',
      recRef: first.facts.recRef,
      expectVersion: 0,
      letterSent: true,
      posted: [],
      on: first.facts.asOf,
      opId: 'dunning-2026-11-D1#1',
      by: 'dunning-2026-11-D1',
    });
    for (const pendingOp of ['dunning-2026-12-D1#1', undefined]) {
      const other = await acts.beginDealerMonth({ ...begin, ...(pendingOp ? { pendingOp } : {}) });
      expect(other.facts.stateVersion, String(pendingOp)).toBe(1);
    }
  });

  it('does not see the 信用冻结 the lost attempt wrote to the dealer sheet, until the next operation', async () => {
    const { acts, begin } = await setUp();
    const wf = 'dunning-2026-11-D1';
    const review = { settingsRef: begin.settingsRef, dealerId: 'D1', asOf: '2026-12-01' };
    const look = await acts.reviewDealer({ ...review, pendingOp: `${wf}#1` });
    expect(look.onHold).toBe(false);
    const written = await acts.writeCreditHold({
      settingsRef: begin.settingsRef,
      dealerId: 'D1',
      hold: true,
      op: `${wf}#1`,
      onHoldBefore: look.onHold,
    });
    expect(written).toMatchObject({ changed: true, hold: true });
    // The write's retry (the cell already says 是) must not overwrite what the cell meant before the operation.
    await acts.writeCreditHold({
      settingsRef: begin.settingsRef,
      dealerId: 'D1',
      hold: true,
      op: `${wf}#1`,
      onHoldBefore: true,
    });
    expect(await acts.reviewDealer({ ...review, pendingOp: `${wf}#1` })).toEqual(look);
    expect((await acts.reviewDealer({ ...review, pendingOp: `${wf}#2` })).onHold).toBe(true);
    expect((await acts.reviewDealer(review)).onHold).toBe(true);
  });

  it('is taken once per look id: a re-run does not see what changed in the sheets since the lost attempt', async () => {
    const { acts, begin, dir } = await setUp();
    const review = { settingsRef: begin.settingsRef, dealerId: 'D1', asOf: '2026-12-01' };
    const lookId = 'dunning-2026-11-D1/look-1';
    const look = await acts.reviewDealer({ ...review, lookId });
    // Staff record a payment in the ledger between the lost attempt and its re-run.
    await sheet(join(dir, 'tx.xlsx'), '往来账', [
      ['日期', '经销商编号', '类型', '单据号', '金额', '到期日'],
      ['2026-08-01', 'D1', '发货', 'FH1', 12_000, '2026-08-31'],
      ['2026-10-01', 'D1', '发货', 'FH2', 3_000, '2026-10-31'],
      ['2026-11-28', 'D1', '回款', 'HK1', 12_000, ''],
    ]);
    expect(await acts.reviewDealer({ ...review, lookId })).toEqual(look);
    const next = await acts.reviewDealer({ ...review, lookId: 'dunning-2026-11-D1/look-2' });
    expect(next.overdueFen).toBeLessThan(look.overdueFen);
  });
});
