import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import type { CliContext } from '../context';
import { EXIT } from '../errors';
import type * as ExcelBackend from '../../activities/sheets/excel/excel-backend';
import type * as InspectWorkbook from '../sheets/inspect-workbook';
import type * as ProposedSources from '../sheets/proposed-sources';

/**
 * `sheets inspect <file.xlsx>… [--sheet S] [--json] [--write-config out.yaml]`: proposes how to read each sheet;
 * `--write-config` writes the base config (`--config`, default config/example.yaml) with `sources` replaced by the
 * tables detected, absolute paths. Reads only; writes nothing but the proposed config.
 */
export function registerSheetsCommands(program: Command, ctx: CliContext): void {
  const sheets = program.command('sheets').description('look at workbooks before configuring them');
  sheets
    .command('inspect')
    .description('propose how to read each sheet: header row, table, column → field, constants, values, money signs')
    .argument('<files...>', '.xlsx workbooks')
    .option('--sheet <name>', 'only this sheet')
    .option('--json', 'print JSON (the last line is one JSON object)')
    .option('--write-config <out.yaml>', 'write the base config with `sources` replaced by the detected tables')
    .action(async (files: string[], o: { sheet?: string; json?: boolean; writeConfig?: string }) => {
      const { createExcelBackend } = require('../../activities/sheets/excel/excel-backend') as typeof ExcelBackend;
      const { inspectSheet } = require('../sheets/inspect-workbook') as typeof InspectWorkbook;
      const { proposedSources } = require('../sheets/proposed-sources') as typeof ProposedSources;
      const backend = createExcelBackend();
      const proposals = [];
      const refused: { file: string; reason: string }[] = [];
      for (const f of files) {
        const path = resolve(f);
        try {
          const names = o.sheet ? [o.sheet] : await backend.listSheets({ kind: 'excel', path });
          for (const sheet of names)
            proposals.push(await inspectSheet(backend, { kind: 'excel', path, sheet }, path, sheet));
        } catch (err) {
          refused.push({ file: path, reason: (err as Error).message });
        }
      }
      const sources = proposedSources(proposals);
      let written: string | null = null;
      if (o.writeConfig) {
        const cfg = await ctx.config();
        const doc = parseDocument(readFileSync(cfg.configPath, 'utf8'));
        doc.set('sources', doc.createNode(sources));
        written = resolve(o.writeConfig);
        writeFileSync(written, doc.toString({ lineWidth: 0 }));
        const outside = proposals.filter((p) => p.table && !resolve(p.file).startsWith(`${cfg.dataDirAbs}/`));
        if (outside.length)
          ctx.err(
            `note: ${outside.length} sheet(s) are outside dataDir ${cfg.dataDirAbs}; the worker only reads files inside it`,
          );
      }
      if (refused.length || proposals.some((p) => !p.table)) ctx.exitCode = EXIT.failure;
      if (o.json) return ctx.out(JSON.stringify({ sheets: proposals, refused, sources, config: written }));
      for (const p of proposals) {
        ctx.out(`${basename(p.file)} › ${p.sheet}`);
        if (!p.table) {
          const c = p.candidates[0];
          ctx.out(
            `  not recognised (closest: ${c?.table ?? '—'} ${Math.round((c?.confidence ?? 0) * 100)}%, missing ${p.missing.join(', ') || '—'})`,
          );
          continue;
        }
        ctx.out(`  table ${p.table} (${Math.round(p.confidence * 100)}%), header row ${p.headerRow}`);
        for (const c of p.columns)
          ctx.out(
            `  ${c.column.padEnd(3)} ${c.header.padEnd(14)} → ${c.field ?? '(unmapped)'}${c.field ? ` ${Math.round(c.confidence * 100)}%` : ''}`,
          );
        for (const [k, v] of Object.entries(p.constants))
          ctx.out(`  constant ${k} = ${v} (from the sheet or file name)`);
        for (const m of p.values)
          ctx.out(
            `  values of ${m.field}: ${m.values.map((v) => `${v.value}×${v.count}→${v.mapsTo ?? '?'}`).join(', ')}`,
          );
        if (p.money)
          ctx.out(
            `  money: ${p.money.sign}${p.money.unit === 'wan' ? ', in 万元' : ''} (${p.money.negatives} negative)`,
          );
        for (const r of p.rows) ctx.out(`  rows reading "${r.match}": ${r.action}`);
      }
      for (const r of refused) ctx.out(`REFUSED ${r.file}: ${r.reason}`);
      if (written)
        ctx.out(`config written: ${written} (check it, then: npm run cli -- config validate --config ${written})`);
    });
}
