/**
 * What every tie-out check shares: the period's archived documents, what each one states (the data it was rendered
 * from, proven by rendering it again: same bytes, same SHA-256 as archived), the workflows' histories, and the
 * tally of figures compared and differences found.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ArchiveEntry, ArchiveStore } from '../../activities/archive/archive-store';
import type { WorkStore } from '../../activities/archive/work-store';
import { createPdfActivities } from '../../activities/pdf/create-pdf-activities';
import type { LoadedConfig } from '../../config/load-config';
import { workflowFacts, type WorkflowFacts } from './workflow-facts';
import { type Period } from '../../domain/calendar';

/** One figure a document states that the facts do not support. */
export interface Difference {
  /** The document (file name, and version when there are several). */
  document: string;
  docId: string;
  /** What is compared, e.g. "催款函 3级" or "posting 单据号". */
  figure: string;
  stated: unknown;
  recomputed: unknown;
  /** Where the recomputed value comes from. */
  from: string;
}

export interface AuditOptions {
  period: Period;
  cfg: LoadedConfig;
  client: Client;
  archive: ArchiveStore;
  work: WorkStore;
  /** Render every document whose figures are compared again and compare its SHA-256 (default true). */
  render?: boolean;
}

export class AuditContext {
  checked = 0;
  readonly differences: Difference[] = [];
  private entriesCache?: Promise<ArchiveEntry[]>;
  private readonly facts = new Map<string, Promise<WorkflowFacts | null>>();
  private readonly pdf;

  constructor(readonly o: AuditOptions) {
    this.pdf = createPdfActivities({
      // Rendering again must not archive anything: the "store" only hashes the bytes.
      store: {
        putDocument: async (bytes, meta) => {
          const sha256 = createHash('sha256').update(bytes).digest('hex');
          return { docId: 'doc_audit', sha256, size: bytes.length, fileName: meta.fileName };
        },
      },
      work: o.work,
      timeZone: o.cfg.timezone,
    });
  }

  get period(): Period {
    return this.o.period;
  }

  /** Every archived document of the period, oldest first. */
  entries(): Promise<ArchiveEntry[]> {
    this.entriesCache ??= this.o.archive.list({ period: this.o.period });
    return this.entriesCache;
  }

  /** The latest version of each document of a kind (a corrected report replaces its earlier version). */
  async latest(kind: string, filter: (e: ArchiveEntry) => boolean = () => true): Promise<ArchiveEntry[]> {
    const byKey = new Map<string, ArchiveEntry>();
    for (const e of await this.entries()) {
      if (e.kind !== kind || !filter(e)) continue;
      const key = `${e.workflowId}\u0000${e.fileName}`;
      const seen = byKey.get(key);
      if (!seen || e.version > seen.version) byKey.set(key, e);
    }
    return [...byKey.values()];
  }

  name(e: ArchiveEntry): string {
    return e.version > 1 ? `${e.fileName} (v${e.version})` : e.fileName;
  }

  /**
   * What the document states: the data it was rendered from. With rendering on, the document is rendered again
   * from that data and must come out byte-identical to the archived file; otherwise that is itself a difference
   * and the data is not trusted (null).
   */
  async stated<T>(e: ArchiveEntry): Promise<T | null> {
    const r = e.rendering;
    if (!r) {
      this.differ(e, 'rendering recorded', 'none', 'template + data', 'archive index');
      return null;
    }
    const data = await this.o.work.getJson<T>({ sha256: r.dataSha256 });
    if (this.o.render !== false) {
      const again = await this.pdf.renderDocument({
        template: r.template,
        dataRef: { sha256: r.dataSha256 },
        generatedAt: r.generatedAt,
        locale: r.locale === 'en' ? 'en' : 'zh-CN',
        meta: {
          workflowId: e.workflowId,
          runId: e.runId,
          period: e.period,
          kind: e.kind,
          fileName: e.fileName,
          recipients: e.recipients,
          ...(e.title ? { title: e.title } : {}),
        },
      });
      if (!this.compare(e, 'SHA-256 rendered again from its data', e.sha256, again.sha256, 'archived bytes'))
        return null;
    }
    return data;
  }

  /** The history facts of a workflow id (cached). */
  workflow(workflowId: string): Promise<WorkflowFacts | null> {
    let hit = this.facts.get(workflowId);
    if (!hit) {
      hit = workflowFacts(this.o.client, workflowId);
      this.facts.set(workflowId, hit);
    }
    return hit;
  }

  /** Counts one figure; records a difference when stated and recomputed differ. True when they agree. */
  compare(e: ArchiveEntry, figure: string, stated: unknown, recomputed: unknown, from: string): boolean {
    this.checked++;
    if (JSON.stringify(stated) === JSON.stringify(recomputed)) return true;
    this.differences.push({ document: this.name(e), docId: e.docId, figure, stated, recomputed, from });
    return false;
  }

  private differ(e: ArchiveEntry, figure: string, stated: unknown, recomputed: unknown, from: string): void {
    this.checked++;
    this.differences.push({ document: this.name(e), docId: e.docId, figure, stated, recomputed, from });
  }
}
