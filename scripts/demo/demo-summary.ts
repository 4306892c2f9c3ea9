/**
 * The demo's closing summary: what ran (workflow ids and outcomes), the documents in the archive by kind, the
 * mails in the outbox, the clicks made, and where to look (archive, outbox, Temporal UI, auditor portal).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataPath } from '../../config/load-config';
import type { ArchiveStore } from '../../activities/archive/archive-store';
import type { DemoContext, DemoRun } from './demo-context';
import { tieOutText, type TieOutResult } from '../../cli/audit/tie-out';

export interface DemoFacts {
  documents: { total: number; byKind: Record<string, number> };
  mails: number;
  archiveDir: string;
  outboxDir: string;
}

export async function countOutbox(dir: string): Promise<number> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.eml')).length;
  } catch {
    return 0;
  }
}

export async function collectFacts(ctx: DemoContext, archive: ArchiveStore): Promise<DemoFacts> {
  const entries = await archive.list();
  const byKind: Record<string, number> = {};
  for (const e of entries) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  const outboxDir = ctx.cfg.smtp.mode === 'catcher' ? dataPath(ctx.cfg, ctx.cfg.smtp.outboxDir) : '';
  return {
    documents: { total: entries.length, byKind },
    mails: outboxDir ? await countOutbox(outboxDir) : 0,
    archiveDir: join(dataPath(ctx.cfg, ctx.cfg.archive.dir), 'archive'),
    outboxDir,
  };
}

const MARK = { completed: '✓', 'already-done': '↺', skipped: '–', failed: '✗' } as const;

function runLines(runs: DemoRun[]): string[] {
  const sections = [...new Set(runs.map((r) => r.section))];
  const out: string[] = [];
  for (const section of sections) {
    const mine = runs.filter((r) => r.section === section);
    // Dozens of returns read better as a count than as a list.
    if (mine.length > 6) {
      const by = new Map<string, number>();
      for (const r of mine) by.set(r.status, (by.get(r.status) ?? 0) + 1);
      out.push(
        `  ${section.padEnd(15)}${mine.length} workflows (${mine[0]!.workflowId} … ${mine.at(-1)!.workflowId}): ${[
          ...by,
        ]
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}`,
      );
      continue;
    }
    for (const r of mine)
      out.push(`  ${section.padEnd(15)}${MARK[r.status]} ${r.workflowId}: ${r.status} — ${r.outcome}`);
  }
  return out;
}

export function summaryText(
  ctx: DemoContext,
  facts: DemoFacts,
  before: { documents: number; mails: number },
  audit: TieOutResult | null,
  where: { temporalUi: string | null; portal: string | null; seconds: number },
): string {
  const kinds = Object.entries(facts.documents.byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const ok = ctx.clicks.filter((c) => c.status === 200).length;
  const ns = ctx.cfg.temporal.namespace;
  return [
    '',
    `═══ Aftersales Ops demo: month-end ${ctx.period} (${ctx.scale.name}) ═══`,
    'What ran',
    ...runLines(ctx.runs),
    'Documents',
    `  ${facts.documents.total} in the archive (${facts.documents.total - before.documents} new this run): ${kinds || 'none'}`,
    `  archive folder ${facts.archiveDir}  (index.jsonl: hash-chained list of every document)`,
    'Mails',
    `  ${facts.mails} in the outbox (${facts.mails - before.mails} sent this run); open the .eml files with any mail client`,
    facts.outboxDir ? `  outbox folder  ${facts.outboxDir}` : '  (SMTP relay: mails went to the real server)',
    'Decisions',
    `  ${ok} clicked over HTTP on the real links from those mails${ctx.clicks.length > ok ? ` (${ctx.clicks.length - ok} found already decided)` : ''}`,
    'Tie-out (npm run cli -- audit tie-out --period …)',
    ...(audit
      ? tieOutText(audit)
          .split('\n')
          .map((l) => `  ${l.trimStart()}`)
      : ['  not run']),
    'Where to look',
    where.temporalUi
      ? `  Temporal UI    ${where.temporalUi}/namespaces/${ns}/workflows`
      : `  Temporal       ${ctx.cfg.temporal.address}`,
    where.portal ? `  auditor portal ${where.portal}  (login: auditor / audit-demo-2026)` : '',
    `  took ${where.seconds.toFixed(1)} s`,
  ]
    .filter((l) => l !== '')
    .join('\n');
}
