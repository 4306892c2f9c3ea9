/**
 * What a month-end run left behind, in a form two runs can be compared by: archive entries (kind, file, docId — ids
 * come from business ids, so they match across runs), audit log events, postings (charge journal records and every
 * workbook the run wrote, cell by cell), and mails by Message-ID (deterministic per workflow, step and recipient).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ExcelJS from 'exceljs';
import type { DrillStack } from './drill-stack';
import { META_SHEET } from '../../activities/sheets/excel/meta-sheet';

export interface RunFacts {
  archive: string[];
  audit: string[];
  postings: Record<string, string>;
  /** Workbook → its rows ("sheet › values"), to print what differs when a digest does. */
  rows: Record<string, string[]>;
  /** Message-ID → how many arrived. */
  mails: Map<string, number>;
  /** Message-ID → recipient and (encoded) subject, to name a mail that differs between runs. */
  subjects: Map<string, string>;
  possiblyDuplicated: string[];
}

function files(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** Workbooks under the data dir with their modification times: taken before a run, the run's own writes are the rest. */
export function workbookTimes(dir: string): Map<string, number> {
  return new Map(
    files(dir)
      .filter((f) => f.endsWith('.xlsx') && !f.includes('/~$'))
      .map((f) => [f, statSync(f).mtimeMs]),
  );
}

async function workbookDigest(file: string): Promise<{ digest: string; rows: string[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    return { digest: `unreadable (${statSync(file).size} bytes): ${(err as Error).message}`, rows: [] };
  }
  const sheets: unknown[] = [];
  wb.eachSheet((ws) => {
    // The hidden provenance sheet records when the file was written (wall clock, by design): not a posting.
    if (ws.name === META_SHEET) return;
    // Rows as a sorted list: journals are appended by concurrent workflows, so their order follows timing; each
    // row carries its own document number, which is what must match.
    const rows: string[] = [];
    ws.eachRow((row) => rows.push(JSON.stringify(row.values)));
    sheets.push([ws.name, rows.sort()]);
  });
  return {
    digest: createHash('sha256').update(JSON.stringify(sheets)).digest('hex').slice(0, 16),
    rows: (sheets as [string, string[]][]).flatMap(([name, rs]) => rs.map((r) => `${name} › ${r}`)),
  };
}

/** Rows of the workbooks whose digests differ, in one run and not the other (at most `max` per workbook). */
export function differingRows(a: RunFacts, b: RunFacts, max = 6): Record<string, { only: string[]; notIn: string[] }> {
  const out: Record<string, { only: string[]; notIn: string[] }> = {};
  for (const file of Object.keys(a.postings)) {
    if (a.postings[file] === b.postings[file]) continue;
    const ra = new Set(a.rows[file] ?? []);
    const rb = new Set(b.rows[file] ?? []);
    out[file] = {
      only: [...ra].filter((r) => !rb.has(r)).slice(0, max),
      notIn: [...rb].filter((r) => !ra.has(r)).slice(0, max),
    };
  }
  return out;
}

export async function collectRunFacts(d: DrillStack, before: Map<string, number>): Promise<RunFacts> {
  const { archive, audit } = d.stack.services;
  const postings: Record<string, string> = {};
  const rows: Record<string, string[]> = {};
  for (const [file, mtime] of workbookTimes(d.dir)) {
    if (before.get(file) === mtime) continue;
    // Backups are named by the time of the write they precede, and a write killed after its backup makes another
    // on retry: copies of earlier states, not postings.
    if (file.split(sep).includes('.bak')) continue;
    // Count sheets are the counters' own entries (who counted, when: their clock, by design), not the system's
    // postings; what the system made of them is in the adjustment workbooks compared here.
    if (relative(d.dir, file).split(sep)[0] === '盘点') continue;
    const wb = await workbookDigest(file);
    postings[relative(d.dir, file)] = wb.digest;
    rows[relative(d.dir, file)] = wb.rows;
  }
  const store = join(d.cfg.archive.dir.startsWith('/') ? d.cfg.archive.dir : join(d.dir, d.cfg.archive.dir));
  for (const f of files(join(store, 'dunning'))) {
    if (!f.endsWith('.json')) continue;
    const rec = JSON.parse(readFileSync(f, 'utf8')) as { charge?: unknown };
    if (rec.charge) postings[relative(store, f)] = JSON.stringify(rec.charge);
  }
  const mails = new Map<string, number>();
  const subjects = new Map<string, string>();
  for (const f of files(join(d.dir, 'outbox')).filter((x) => x.endsWith('.eml'))) {
    const text = readFileSync(f, 'utf8');
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(text)?.[1] ?? f;
    mails.set(id, (mails.get(id) ?? 0) + 1);
    subjects.set(id, `${/^To:\s*(.*)$/im.exec(text)?.[1] ?? '?'} | ${/^Subject:\s*(.*)$/im.exec(text)?.[1] ?? '?'}`);
  }
  const events = await audit.list();
  return {
    archive: (await archive.list()).map((e) => `${e.kind}\t${e.fileName}\t${e.docId}`).sort(),
    audit: events
      // A click the demo repeats after a lost answer (it retries a 503) is refused as already decided: a record of
      // the repeated request, not a business fact. The decision itself (approval.decision) must match.
      .filter((e) => !e.action.startsWith('portal.') && e.action !== 'mail.possibly-duplicated')
      .filter(
        (e) => !(e.action === 'approval.refused' && (e.detail as { reason?: string })?.reason === 'already-decided'),
      )
      .map((e) => `${e.action}\t${e.target}\t${e.actor}\t${e.eventId ?? ''}`)
      .sort(),
    postings,
    rows,
    mails,
    subjects,
    possiblyDuplicated: events
      .filter((e) => e.action === 'mail.possibly-duplicated')
      .map((e) => String((e.detail as { messageId?: string } | undefined)?.messageId ?? '')),
  };
}
