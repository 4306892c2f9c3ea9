import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { AppError } from '../../domain/errors';
import type { PdfContext, PdfLocale } from '../../templates/pdf/layout';
import { findPdfTemplate, pdfTemplates } from '../../templates/pdf/registry';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import type { CjkFont } from './fonts';
import { renderPdf } from './render-pdf';

export interface PdfActivityDeps {
  /** The archive: stores the bytes with their metadata, idempotently (same bytes + meta ⇒ same ref). */
  store: { putDocument(bytes: Buffer, meta: ArchiveMeta): Promise<ArchiveRef> };
  /**
   * The work store: reads a dataRef's data, and keeps inline data too (when it can put), so every archived
   * document records the data it was rendered from (ArchiveMeta.rendering).
   */
  work?: { getJson<T>(ref: DataRef): Promise<T>; putJson?(value: unknown): Promise<DataRef> | DataRef };
  /** Measures render time for the activity log; never printed in the PDF. */
  clock?: () => Date;
  /** Zone for printed times (config); default Asia/Shanghai. */
  timeZone?: string;
  /** Font override (tests, config); default: the machine's CJK font. */
  font?: CjkFont;
}

export interface RenderDocumentInput {
  /** A name in templates/pdf/registry.ts. */
  template: string;
  /** Small template data inline (it lands in workflow history) … */
  data?: unknown;
  /** … or a reference to it in the work store (for tables). Exactly one of the two. */
  dataRef?: DataRef;
  meta: ArchiveMeta;
  /** ISO instant printed as the generation time; chosen by the workflow so retries render the same bytes. */
  generatedAt: string;
  locale?: PdfLocale;
}

/**
 * The reference printed in the footer of every page. The archive assigns the docId only when it stores
 * the bytes, so it cannot be printed inside them; this is derived from what the archive index records
 * anyway (workflow id + file name), so an auditor can find a printed page's entry, and it is stable
 * across retries and runs, keeping the bytes deterministic.
 */
export function documentReference(meta: Pick<ArchiveMeta, 'workflowId' | 'fileName'>): string {
  return `${meta.workflowId}/${meta.fileName}`;
}

export function createPdfActivities(deps: PdfActivityDeps) {
  const clock = deps.clock ?? (() => new Date());
  return {
    /**
     * Renders a registered template to PDF and stores it in the archive; returns only the ArchiveRef,
     * so no PDF bytes or table data enter workflow history.
     * Side effects: one archive write. Idempotent: the bytes depend only on (template, data, meta,
     * generatedAt, locale) and the archive's put is idempotent, so a retry stores nothing new.
     * Retries: unknown template, bad data, render failures and other permanent AppErrors are
     * non-retryable; store / work-store I/O errors are thrown as they are for Temporal to retry.
     */
    async renderDocument(input: RenderDocumentInput): Promise<ArchiveRef> {
      try {
        const template = findPdfTemplate(input.template);
        if (!template) {
          throw ApplicationFailure.nonRetryable(
            `Unknown PDF template "${input.template}"; known: ${Object.keys(pdfTemplates).join(', ')}`,
            'UnknownTemplate',
          );
        }
        const data = await loadData(input, deps.work);
        const locale = input.locale ?? 'zh-CN';
        const ctx: PdfContext = {
          locale,
          generatedAt: input.generatedAt,
          docId: documentReference(input.meta),
          timeZone: deps.timeZone,
        };
        const started = clock().getTime();
        const doc = template(data, ctx);
        const bytes = await renderPdf(doc, { ...ctx, title: input.meta.title, font: deps.font });
        asyncLocalStorage.getStore()?.log.info('PDF rendered', {
          template: input.template,
          bytes: bytes.length,
          renderMs: clock().getTime() - started,
        });
        const title = input.meta.title ?? doc.info?.title;
        const dataRef = input.dataRef ?? (deps.work?.putJson ? await deps.work.putJson(data) : undefined);
        return await deps.store.putDocument(bytes, {
          ...input.meta,
          title,
          contentType: input.meta.contentType ?? 'application/pdf',
          ...(dataRef
            ? {
                rendering: {
                  template: input.template,
                  dataSha256: dataRef.sha256,
                  generatedAt: input.generatedAt,
                  locale,
                },
              }
            : {}),
        });
      } catch (err) {
        if (err instanceof AppError && err.permanent) {
          throw ApplicationFailure.nonRetryable(err.message, err.code, err.context);
        }
        throw err;
      }
    },
  };
}

async function loadData(input: RenderDocumentInput, work: PdfActivityDeps['work']): Promise<unknown> {
  if (input.dataRef === undefined) return input.data;
  if (input.data !== undefined) {
    throw new AppError('InvalidInput', `renderDocument(${input.template}): pass either data or dataRef, not both`);
  }
  if (!work) {
    throw new AppError(
      'ConfigError',
      `renderDocument(${input.template}) got a dataRef but the PDF activities have no work store`,
    );
  }
  return work.getJson<unknown>(input.dataRef);
}
