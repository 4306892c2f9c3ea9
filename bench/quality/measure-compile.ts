/**
 * Measurement child: the whole compilation as the workflow's activities run it — read the xlsx through the sheets
 * layer (streamed), clean in spilled buckets, aggregate, build the five department views, prepare the PDF data and
 * render the five department PDFs into an archive. Args: <dir> <events file> <buckets>. The CJK font is loaded before
 * the clock starts, as the worker loads it at start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ArchiveStore } from '../../activities/archive/archive-store';
import { WorkStore } from '../../activities/archive/work-store';
import { createPdfActivities } from '../../activities/pdf/create-pdf-activities';
import { preloadCjkFont } from '../../activities/pdf/common-cjk-font';
import { compileQualityFeedback } from '../../activities/quality/compile-quality-feedback';
import { prepareQualityDocuments } from '../../activities/quality/prepare-quality-documents';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { DEFAULT_QUALITY_ROUTING } from '../../domain/quality';
import { childMain } from '../lib/child-main';
import { peakRssMb } from '../lib/child-main';
import { parsePeriod } from '../../domain/calendar';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

// The worker locates and parses the CJK font when it starts (worker.ts, createPlatformServices), before any month
// is compiled; the bench does the same before its clock starts and reports the time on its own (font_load_s).
const fontStarted = process.hrtime.bigint();
preloadCjkFont();
const font_load_s = seconds(fontStarted);

childMain(async ([dir, eventsFile, buckets]) => {
  const store = mkdtempSync(join(dir as string, 'store-'));
  try {
    const backend = createExcelBackend({ root: dir as string });
    const work = new WorkStore({ root: store });
    const archive = new ArchiveStore({ root: store });
    let t = process.hrtime.bigint();
    const compiled = await compileQualityFeedback(
      { backendFor: () => backend, work, archive, tmpDir: store, buckets: Number(buckets) },
      {
        workflowId: 'quality-2026-11',
        runId: 'bench',
        period: parsePeriod('2026-11'),
        round: 1,
        sources: {
          qualityEvents: [{ ref: { kind: 'excel', path: eventsFile as string } }],
          failureModes: { ref: { kind: 'excel', path: 'bench-failure-modes.xlsx' } },
          productionVolumes: { ref: { kind: 'excel', path: 'bench-volumes.xlsx' } },
        },
        routing: DEFAULT_QUALITY_ROUTING,
        options: { priorMonths: 6, dedupeWindowDays: 3, repeatWindowDays: 90, policy: 'stop-on-error' },
        locale: 'zh-CN',
      },
    );
    const compile_s = seconds(t);
    const rssAfterCompile = peakRssMb();
    t = process.hrtime.bigint();
    const prepared = await prepareQualityDocuments(
      { work },
      {
        compilationRef: compiled.compilationRef,
        workflowId: 'quality-2026-11',
        runId: 'bench',
        company: '售后服务部',
        locale: 'zh-CN',
        draft: { version: 1 },
      },
    );
    const prepare_s = seconds(t);
    t = process.hrtime.bigint();
    const pdf = createPdfActivities({ store: archive, work });
    const docs = [];
    for (const d of prepared.documents) {
      docs.push(
        await pdf.renderDocument({
          template: d.template,
          dataRef: d.dataRef,
          meta: d.meta,
          generatedAt: '2026-12-01T02:00:00Z',
        }),
      );
    }
    const render_s = seconds(t);
    return {
      font_load_s,
      compile_s,
      prepare_s,
      render_s,
      peak_rss_after_compile_mb: Math.round(rssAfterCompile),
      counts: compiled.counts,
      blocking: compiled.blocking,
      pdfs: docs.map((d) => ({ file: d.fileName, bytes: d.size })),
    };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
});
