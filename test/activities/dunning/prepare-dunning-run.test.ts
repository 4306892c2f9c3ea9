/**
 * The parent's first step on its own: a transactions sheet missing a required column stops the whole month (every
 * dealer held back, nothing dunned on half-read data) with a problem report naming the file, sheet, row and column.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { monthSettings, sheet } from './sheet-fixture';
import type { DunningSettings } from '../../../activities/dunning/types';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { createPrepareActivities } from '../../../activities/dunning/prepare-dunning-run';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import { parsePeriod } from '../../../domain/calendar';

describe('prepareDunningRun', () => {
  it('a sheet without its 金额 column holds everyone back and reports where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prepare-'));
    await sheet(join(dir, 'dealers.xlsx'), '经销商', [
      ['经销商编号', '经销商名称', '邮箱'],
      ['D1', '甲', 'd1@x.cn'],
      ['D2', '乙', 'd2@x.cn'],
    ]);
    await sheet(join(dir, 'tx.xlsx'), '往来账', [
      ['日期', '经销商编号', '类型', '单据号', '到期日'],
      ['2026-10-01', 'D1', '发货', 'FH1', '2026-10-31'],
    ]);
    const work = new WorkStore({ root: dir });
    const archive = new ArchiveStore({ root: dir });
    const excel = createExcelBackend();
    const { prepareDunningRun, readManifestSlice } = createPrepareActivities({
      work,
      archive,
      snapshots: createLedgerSnapshots({ backendFor: () => excel, work }),
    });
    const settings = monthSettings(dir, parsePeriod('2026-10'), exampleProcedure());
    const r = await prepareDunningRun({ settings, workflowId: 'dunning-2026-10', runId: 'r1' });
    expect(r).toMatchObject({ fatal: true, total: 0, heldBack: 2, problemCount: 1 });
    expect(await readManifestSlice({ manifestRef: r.manifestRef, offset: 0, limit: 10 })).toEqual([]);
    const doc = await archive.getDocument(r.problemReport!.docId);
    expect(doc?.entry).toMatchObject({
      kind: 'dunning-problems',
      period: '2026-10',
      fileName: '对账数据问题清单-2026-10.xlsx',
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(doc!.bytes as unknown as ExcelJS.Buffer);
    const row = (wb.worksheets[0]!.getRow(2).values as unknown[]).slice(1);
    expect(row.slice(0, 4)).toEqual(['tx.xlsx', '往来账', 1, '金额']);
    expect(row[6]).toBe('—');
    // The settings were stored with the period's last day as the statement date.
    expect((await work.getJson<DunningSettings>(r.settingsRef)).asOf).toBe('2026-10-31');
  });
});
