/**
 * The conformance corpus (test/fixtures/workbooks, authored by LibreOffice): every workbook goes through
 * `sheets inspect --write-config` and `config validate --json` as a newcomer would run them, and every figure of its
 * truth file is asserted — header row, rows read, valid, refused with row/column/code, skipped, checks across sheets.
 * Then the month-end reading paths (the stocktake's ledger read, the dunning ledger snapshot) run on the written
 * config and must give the truth's totals.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../../config/load-config';
import { WorkStore } from '../../../activities/archive/work-store';
import { createLedgerSnapshots } from '../../../activities/dunning/ledger-snapshot';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readSource } from '../../../activities/sheets/read-source';
import { readLedgerSource } from '../../../activities/stocktake/read-ledger-source';
import { schemas, type SchemaName } from '../../../domain/sheets';
import type { Truth } from '../../fixtures/workbooks/corpus';
import { json, runCli } from '../../cli/cli-kit';
import { parsePeriod } from '../../../domain/calendar';
import { dunningSettingsFromConfig } from '../../../config/start-inputs/dunning-settings';
import { sourceSpecFromConfig } from '../../../config/start-inputs/source-spec-from-config';

const CORPUS = join(__dirname, '../../fixtures/workbooks');
const ROOT = join(__dirname, '../../..');
const books = readdirSync(CORPUS).filter((f) => /\.xlsx?$/.test(f));
const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The base config: the example with the data folder pointed at this test's folder.
const base = join(dir, 'base.yaml');
writeFileSync(base, readFileSync(join(ROOT, 'config/example.yaml'), 'utf8').replace(/^dataDir: .*$/m, 'dataDir: .'));

interface ValidateReport {
  ok: boolean;
  sources: {
    source: string;
    sheet: string;
    headerRow: number | null;
    rowsRead: number;
    valid: number;
    refused: number;
    skipped: { blank: number; total: number; filtered: number };
    problems: { row: number; column: string; code: string }[];
  }[];
  crossChecks: { sheet: string; row: number; column: string; code: string }[];
}

function truthOf(book: string): Truth {
  return JSON.parse(readFileSync(join(CORPUS, book.replace(/\.xlsx?$/, '.truth.json')), 'utf8')) as Truth;
}

async function totals(cfg: LoadedConfig, truth: Truth): Promise<Record<string, number>> {
  const excel = createExcelBackend({ root: cfg.dataDirAbs });
  const out: Record<string, number> = {};
  for (const key of Object.keys(truth.totals)) {
    const [table, rest] = key.split('.') as [SchemaName, string];
    const [field, warehouse] = rest.split('@') as [string, string | undefined];
    const src = cfg.sources[table];
    if (!src) throw new Error(`the written config has no sources.${table}`);
    let sum = 0;
    if (table === 'stockLedger') {
      // The stocktake snapshot's own reading path.
      const read = await readLedgerSource(() => excel, sourceSpecFromConfig(src as never)).catch(
        (e: { problems?: unknown }) => {
          if (!e.problems) throw e;
          return null;
        },
      );
      if (read) {
        for (const { row } of read.rows) if (row.warehouse === warehouse) sum += row.bookQty;
      } else {
        // A ledger with refused rows stops the stocktake; the accepted rows are summed as the dry run reads them.
        const spec = sourceSpecFromConfig(src as never);
        await readSource(
          () => excel,
          spec,
          schemas.stockLedger,
          { policy: 'collect' },
          (r) => {
            if (r.warehouse === warehouse) sum += r.bookQty;
          },
        );
      }
    } else {
      const list = Array.isArray(src) ? src : [src];
      for (const s of list) {
        await readSource(
          () => excel,
          sourceSpecFromConfig(s as never),
          schemas[table] as never,
          { policy: 'collect' },
          (r) => {
            sum += Number((r as Record<string, unknown>)[field] ?? 0);
          },
        );
      }
    }
    out[key] = Math.round(sum * 1e6) / 1e6;
  }
  return out;
}

describe('conformance corpus: inspect → write config → validate, on workbooks LibreOffice wrote', () => {
  it('has at least 12 workbooks, each with a truth file', () => {
    expect(books.length).toBeGreaterThanOrEqual(12);
    for (const b of books) expect(() => truthOf(b)).not.toThrow();
  });

  for (const book of books) {
    it(`${book}`, async () => {
      const truth = truthOf(book);
      copyFileSync(join(CORPUS, book), join(dir, book));
      const out = join(dir, `${book}.yaml`);
      const inspect = await runCli(['sheets', 'inspect', join(dir, book), '--json', '--write-config', out], {
        config: base,
      });
      const proposal = json<{ refused: { file: string; reason: string }[]; sheets: { table: string | null }[] }>(
        inspect,
      );
      if (truth.refusedFile) {
        expect(inspect.code).toBe(1);
        expect(proposal.refused).toHaveLength(1);
        expect(proposal.refused[0]!.reason).toContain(book);
        expect(proposal.refused[0]!.reason).toMatch(/Save As.*\.xlsx|另存为/);
        return;
      }
      expect(inspect.code, inspect.stderr).toBe(0);
      const run = await runCli(['config', 'validate', '--json'], { config: out });
      const lastLine = run.stdout.trim().split('\n').at(-1)!;
      const report = JSON.parse(lastLine) as ValidateReport;
      const clean = truth.sheets.every((s) => s.problems.length === 0) && truth.crossChecks.length === 0;
      expect(run.code, run.stderr).toBe(clean ? 0 : 1);
      expect(report.ok).toBe(clean);
      expect(
        report.sources.map((s) => ({
          source: s.source,
          sheet: s.sheet,
          headerRow: s.headerRow,
          rowsRead: s.rowsRead,
          valid: s.valid,
          refused: s.refused,
          skipped: s.skipped,
          problems: s.problems.map((p) => ({ row: p.row, column: p.column, code: p.code })),
        })),
      ).toEqual(truth.sheets);
      expect(report.crossChecks.map((c) => ({ sheet: c.sheet, row: c.row, column: c.column, code: c.code }))).toEqual(
        truth.crossChecks,
      );
      const cfg = loadConfig(out, {});
      expect(await totals(cfg, truth)).toEqual(truth.totals);
    });
  }

  it('the dunning ledger snapshot runs on the signed-amount and 借方/贷方 workbooks through their written config', async () => {
    for (const [book, expected] of [
      // D-01 and D-03 share document FH-001; D-02's own row has a bad email (held, but not "unknown").
      ['03-signed-amounts.xlsx', { 'D-01': 'held', 'D-02': 'held', 'D-03': 'held' }],
      ['05-debit-credit.xlsx', { 'D-11': 3, 'D-12': 'held' }],
    ] as const) {
      const cfg = loadConfig(join(dir, `${book}.yaml`), {});
      const s = dunningSettingsFromConfig(cfg, parsePeriod('2026-11'));
      const excel = createExcelBackend({ root: cfg.dataDirAbs });
      const snaps = createLedgerSnapshots({
        backendFor: () => excel,
        work: new WorkStore({ root: join(dir, 'work') }),
      });
      const snap = await snaps.snapshot(s.sources, 30);
      expect(snap.transactions.problems.get('D-02')).toBeUndefined();
      for (const [dealer, want] of Object.entries(expected)) {
        const shard = snap.transactions.shardOf.get(dealer);
        if (want === 'held') expect(shard, dealer).toBeUndefined();
        else expect((await snaps.shard(shard!))[dealer]!.transactions, dealer).toHaveLength(want);
      }
    }
  });
});
