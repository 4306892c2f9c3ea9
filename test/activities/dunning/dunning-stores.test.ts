/**
 * The two stores that make the dunning run exactly-once across runs: the per-dealer dunning state (compare-and-set
 * on a version, idempotent per operation) and the charge journal (each docNo created once, even under races).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChargeJournal, DunningStateStore, withPostedCharges } from '../../../activities/dunning';
import { emptyDunningState, type DealerTransaction } from '../../../domain/dunning';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'dunning-store-'));

const fee = (docNo: string, amountFen = 5_000, dealerId = 'D0042'): DealerTransaction => ({
  date: '2026-12-01',
  dealerId,
  type: 'fee',
  docNo,
  amountFen,
  dueDate: '2026-12-01',
  note: '催款费用 dunning fee L2',
});

describe('DunningStateStore', () => {
  it('starts empty, saves with compare-and-set, and refuses a writer that lost the race', async () => {
    const store = new DunningStateStore({ dir: join(tmp(), 'state') });
    const none = await store.load('D0042');
    expect(none).toMatchObject({ version: 0, state: emptyDunningState('D0042') });

    const s1 = { ...none.state, highestLevel: 1, levelByDoc: { FH1: { level: 1, sentOn: '2026-11-30' } } };
    expect(await store.save('D0042', 0, s1, { opId: 'run-a#1', by: 'dunning-2026-11-D0042' })).toBe(1);
    // A retry of the same operation (the reply was lost) returns the version it produced, writing nothing new.
    expect(await store.save('D0042', 0, s1, { opId: 'run-a#1', by: 'dunning-2026-11-D0042' })).toBe(1);
    // Another run that read version 0 may not overwrite it.
    await expect(
      store.save('D0042', 0, emptyDunningState('D0042'), { opId: 'run-b#1', by: 'dunning-2026-12-D0042' }),
    ).rejects.toMatchObject({
      code: 'DunningStateSuperseded',
      permanent: true,
    });
    const now = await store.load('D0042');
    expect(now).toMatchObject({ version: 1, updatedBy: 'dunning-2026-11-D0042', state: s1 });
  });

  it('serialises concurrent writers: exactly one of ten racing saves of version 0 wins', async () => {
    const store = new DunningStateStore({ dir: join(tmp(), 'state') });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        store.save('D7', 0, { ...emptyDunningState('D7'), highestLevel: i }, { opId: `op${i}`, by: `wf${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.load('D7')).version).toBe(1);
  });
});

describe('ChargeJournal', () => {
  it('posts a charge once, whoever races to post it', async () => {
    const journal = new ChargeJournal({ dir: join(tmp(), 'charges') });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => journal.post(fee('FEE-D0042-2026-11-L2'), 'wf')),
    );
    expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already-posted')).toHaveLength(7);
    expect(await journal.list('D0042')).toEqual([fee('FEE-D0042-2026-11-L2')]);
    expect(readdirSync(join(journal.dir, 'D0042')).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('refuses the same docNo with a different amount instead of silently keeping either', async () => {
    const journal = new ChargeJournal({ dir: join(tmp(), 'charges') });
    await journal.post(fee('INT-D0042-20261130', 1_234), 'wf');
    await expect(journal.post(fee('INT-D0042-20261130', 1_235), 'wf')).rejects.toMatchObject({
      code: 'ChargeConflict',
    });
    expect((await journal.list('D0042'))[0]!.amountFen).toBe(1_234);
  });

  it('joins posted charges to the sheet rows unless staff already copied them (same docNo)', async () => {
    const sheet: DealerTransaction[] = [
      {
        date: '2026-10-01',
        dealerId: 'D0042',
        type: 'shipment',
        docNo: 'FH1',
        amountFen: 100_000,
        dueDate: '2026-10-31',
      },
      { ...fee('fee-d0042-2026-10-l2'), date: '2026-11-01' },
    ];
    const posted = [fee('FEE-D0042-2026-10-L2'), fee('FEE-D0042-2026-11-L3')];
    expect(withPostedCharges(sheet, posted).map((t) => t.docNo)).toEqual([
      'FH1',
      'fee-d0042-2026-10-l2',
      'FEE-D0042-2026-11-L3',
    ]);
  });

  it('lists a month of postings across dealers for the journal tab', async () => {
    const journal = new ChargeJournal({ dir: join(tmp(), 'charges') });
    await journal.post(fee('FEE-A-2026-11-L2', 5_000, 'A'), 'dunning-2026-11-A');
    await journal.post({ ...fee('FEE-B-2026-10-L2', 5_000, 'B'), date: '2026-11-01' }, 'dunning-2026-10-B');
    const dec = await journal.listDated('2026-12-01', '2026-12-31');
    expect(dec.map((p) => [p.charge.docNo, p.postedBy])).toEqual([['FEE-A-2026-11-L2', 'dunning-2026-11-A']]);
  });
});
