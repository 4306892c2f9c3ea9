/**
 * The first look of a dealer's month renders and archives its statement when the child asks (`statementFor`): one
 * local activity fewer per dealer. The document must be the very one a child begun before renders itself from the
 * same look (domain statementRender), and a re-taken look must not archive a second copy.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monthSettings, sheet } from './sheet-fixture';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import { ChargeJournal, DunningStateStore } from '../../../activities/dunning';
import { createDealerActivities } from '../../../activities/dunning/dealer-activities';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { createPrepareActivities } from '../../../activities/dunning/prepare-dunning-run';
import type { DunningSettings } from '../../../activities/dunning/types';
import { createExcelCreditHoldWriter } from '../../../activities/dunning/write-credit-hold';
import { createPdfActivities } from '../../../activities/pdf/create-pdf-activities';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { statementRender } from '../../../domain/dunning';
import { parsePeriod } from '../../../domain/calendar';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import { pdfText, savePdf } from '../pdf/poppler';

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'first-look-statement-'));
  await sheet(join(dir, 'dealers.xlsx'), '经销商', [
    ['经销商编号', '经销商名称', '邮箱'],
    ['D1', '杭州东风汽配', 'd1@x.cn'],
  ]);
  await sheet(join(dir, 'tx.xlsx'), '往来账', [
    ['日期', '经销商编号', '类型', '单据号', '金额', '到期日'],
    ['2026-08-01', 'D1', '发货', 'FH1', 12_000, '2026-08-31'],
    ['2026-11-03', 'D1', '发货', 'FH2', 3_000, '2026-12-03'],
  ]);
  const work = new WorkStore({ root: dir });
  const archive = new ArchiveStore({ root: join(dir, 'archive') });
  const excel = createExcelBackend();
  const snapshots = createLedgerSnapshots({ backendFor: () => excel, work });
  const prep = createPrepareActivities({ work, snapshots, archive });
  const run = await prep.prepareDunningRun({
    settings: monthSettings(dir, parsePeriod('2026-11'), exampleProcedure()),
    workflowId: 'dunning-2026-11',
    runId: 'r1',
  });
  const [entry] = await prep.readManifestSlice({ manifestRef: run.manifestRef, offset: 0, limit: 1 });
  const pdf = createPdfActivities({ store: archive, work, timeZone: 'Asia/Shanghai' });
  const acts = createDealerActivities({
    work,
    snapshots,
    state: new DunningStateStore({ dir: join(dir, 'state') }),
    journal: new ChargeJournal({ dir: join(dir, 'charges') }),
    holdWriter: createExcelCreditHoldWriter({
      resolvePath: (ref) => (ref.kind === 'excel' ? ref.path : ''),
      lockDir: join(dir, 'locks'),
    }),
    resultsDir: join(dir, 'results'),
    settings: (ref) => work.getJson<DunningSettings>(ref),
    render: pdf.renderDocument,
  });
  return { acts, pdf, archive, begin: { settingsRef: run.settingsRef, dealerId: 'D1', shard: entry!.shard } };
}

describe('the first look renders the statement', () => {
  it('archives the document the child would render itself, once, named and dated by the month', async () => {
    const { acts, pdf, archive, begin } = await setUp();
    const child = { workflowId: 'dunning-2026-11-D1', runId: 'r1' };
    const look = { ...begin, pendingOp: `${child.workflowId}#1`, lookId: `${child.workflowId}/look-0` };

    // Asked for nothing: the look renders nothing (children begun before render it themselves).
    const plain = await acts.beginDealerMonth({ ...begin, pendingOp: `${child.workflowId}#1` });
    expect(plain.statementDocId).toBeUndefined();
    expect(await archive.list({ kind: 'statement' })).toHaveLength(0);

    const first = await acts.beginDealerMonth({ ...look, statementFor: child });
    expect(first.facts.statementNeeded).toBe(true);
    const entry = await archive.getEntry(first.statementDocId!);
    expect(entry).toMatchObject({
      workflowId: child.workflowId,
      runId: 'r1',
      kind: 'statement',
      fileName: '对账单-D1-2026-11.pdf',
      title: '对账单 2026-11 杭州东风汽配',
      dealerId: 'D1',
      recipients: ['d1@x.cn'],
    });

    // The child's own render of the same look (as sendStatement does without a docId) is the same archive entry.
    const own = await pdf.renderDocument(
      statementRender({ ...first.facts, statementDataRef: first.facts.statementDataRef! }, first.settings, child),
    );
    expect(own.docId).toBe(first.statementDocId);

    // The look re-taken after a lost workflow task: the same document, no second copy.
    const again = await acts.beginDealerMonth({ ...look, statementFor: child });
    expect(again.statementDocId).toBe(first.statementDocId);
    expect(await archive.list({ kind: 'statement' })).toHaveLength(1);

    // Dated by the month's as-of day in the company's zone (30 Nov 23:59:59 in Shanghai), not by the clock.
    const doc = await archive.getDocument(first.statementDocId!);
    const text = await pdfText(savePdf('first-look-statement.pdf', doc!.bytes));
    expect(text).toContain('杭州东风汽配');
    expect(text).toContain('2026-11-30 23:59');
  });
});
