import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ArchiveEntry } from '../../activities/archive/archive-store';
import type { CliContext } from '../context';
import { CliFailure, EXIT, UsageError } from '../errors';
import { formatTable, localTime, periodOption } from '../output';

const DOC_ID = /^doc_[0-9a-f]{32}$/;

async function sha256OfFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function entryView(e: ArchiveEntry) {
  return {
    docId: e.docId,
    period: e.period,
    kind: e.kind,
    workflowId: e.workflowId,
    fileName: e.fileName,
    ...(e.title ? { title: e.title } : {}),
    version: e.version,
    sha256: e.sha256,
    size: e.size,
    createdAt: e.createdAt,
    seq: e.seq,
  };
}

export function registerArchiveCommands(program: Command, ctx: CliContext): void {
  const archive = program
    .command('archive')
    .description('list and verify the archived documents (PDFs) and their hash chain');

  archive
    .command('list')
    .description('list archived documents, oldest first')
    .option('--period <yyyy-mm>', 'only this accounting period')
    .option('--kind <kind>', 'only this document kind (stocktake-report, statement, quality-feedback, …)')
    .option('--workflow <workflowId>', 'only documents of this workflow')
    .option('--search <text>', 'file name, title, id or SHA-256 prefix contains this')
    .option('--json', 'print JSON')
    .action(async (o: { period?: string; kind?: string; workflow?: string; search?: string; json?: boolean }) => {
      const period = o.period ? periodOption(o.period, '--period') : undefined;
      const entries = await (
        await ctx.archive()
      ).list({
        ...(period ? { period } : {}),
        ...(o.kind ? { kind: o.kind } : {}),
        ...(o.workflow ? { workflowId: o.workflow } : {}),
        ...(o.search ? { text: o.search } : {}),
      });
      if (o.json) return ctx.json(entries.map(entryView));
      if (!entries.length) return ctx.out('no documents match');
      const tz = (await ctx.config()).timezone;
      ctx.out(
        formatTable(entries, [
          { header: 'DOC ID', value: (e) => e.docId },
          { header: 'PERIOD', value: (e) => e.period },
          { header: 'KIND', value: (e) => e.kind },
          { header: 'CREATED', value: (e) => localTime(e.createdAt, tz) },
          { header: 'SHA-256', value: (e) => e.sha256.slice(0, 16) },
          { header: 'FILE', value: (e) => (e.version > 1 ? `${e.fileName} (v${e.version})` : e.fileName) },
        ]),
      );
      ctx.out(`${entries.length} document(s) in ${await ctx.archiveRoot()}`);
    });

  archive
    .command('verify')
    .description(
      'verify the whole archive (index chain, every file, audit log), one document, or a file someone sent you',
    )
    .argument('[docId]', 'verify only this document: its file against its recorded SHA-256')
    .option('--file <path>', 'is this file an unaltered archived document? (compares its SHA-256 with the index)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExit code 0 when everything verifies, 1 when something does not.')
    .action(async (docId: string | undefined, o: { file?: string; json?: boolean }) => {
      const store = await ctx.archive();
      if (docId && o.file) throw new UsageError('give either a document id or --file, not both');
      if (o.file) {
        if (!existsSync(o.file)) throw new UsageError(`no such file: ${o.file}`);
        const sha256 = await sha256OfFile(o.file);
        const matches = await store.findBySha256(sha256);
        const sameName = matches.length ? [] : await store.findByFileName(basename(o.file));
        const result = matches.length ? 'matched' : sameName.length ? 'altered' : 'not-found';
        if (result !== 'matched') ctx.exitCode = EXIT.failure;
        if (o.json)
          return ctx.json({
            file: o.file,
            sha256,
            result,
            matches: matches.map(entryView),
            sameName: sameName.map(entryView),
          });
        if (result === 'matched') {
          ctx.out(`OK  ${o.file} is archived, unaltered (SHA-256 ${sha256})`);
          for (const m of matches) ctx.out(`    ${m.docId}  ${m.period}  ${m.kind}  ${m.fileName}  (${m.workflowId})`);
        } else if (result === 'altered') {
          ctx.out(
            `ALTERED  ${o.file}: no archived document has SHA-256 ${sha256}, but ${sameName.length} archived under the same name:`,
          );
          for (const m of sameName) ctx.out(`    ${m.docId}  SHA-256 ${m.sha256}`);
        } else ctx.out(`NOT FOUND  no archived document has SHA-256 ${sha256}`);
        return;
      }
      if (docId) {
        if (!DOC_ID.test(docId)) throw new UsageError(`"${docId}" is not a document id (doc_ + 32 hex digits)`);
        const entry = await store.getEntry(docId);
        if (!entry) throw new CliFailure(`no archived document ${docId}`);
        const found = await store.getDocument(docId).catch((err: Error) => err);
        const actual = found instanceof Error ? null : createHash('sha256').update(found!.bytes).digest('hex');
        const ok = actual === entry.sha256;
        if (!ok) ctx.exitCode = EXIT.failure;
        const reason =
          found instanceof Error
            ? found.message
            : ok
              ? 'file matches its recorded SHA-256'
              : `file SHA-256 is ${actual}`;
        if (o.json) return ctx.json({ docId, ok, recorded: entry.sha256, actual, reason, entry: entryView(entry) });
        ctx.out(`${ok ? 'OK' : 'FAILED'}  ${docId}  ${entry.fileName}: ${reason} (recorded ${entry.sha256})`);
        return;
      }
      const index = await store.verifyChain();
      const audit = await (await ctx.audit()).verifyChain();
      const ok = index.ok && audit.ok;
      if (!ok) ctx.exitCode = EXIT.failure;
      if (o.json) return ctx.json({ ok, archive: index, audit });
      const line = (name: string, v: { ok: boolean; entries: number; reason?: string; headHash?: string }) =>
        v.ok
          ? `OK      ${name}: ${v.entries} entries, head ${v.headHash ?? '(empty)'}`
          : `BROKEN  ${name}: ${v.reason}`;
      ctx.out(line('archive index', index) + (index.ok ? `, ${index.filesChecked} files hashed` : ''));
      if (index.orphanFiles.length)
        ctx.out(`        ${index.orphanFiles.length} file(s) not in the index: ${index.orphanFiles.join(', ')}`);
      ctx.out(line('audit log', audit));
      if (ok) ctx.out('Compare the head hashes with the ones noted earlier to detect a rewrite of a whole chain.');
    });
}
