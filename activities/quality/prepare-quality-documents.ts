/**
 * Turns a stored compilation into one PDF plan per department: the template data (stored in the work store, so
 * only its DataRef enters history), the archive metadata (file name, kind, recipients) and a few highlight lines.
 */
import type { DepartmentView } from '../../domain/quality';
import type { QualityFeedbackData } from '../../templates/pdf/quality-feedback';
import type { DataRef } from '../archive/types';
import { approvalSummary, departmentHighlights } from './department-highlights';
import type {
  PrepareQualityDocumentsInput,
  PrepareQualityDocumentsResult,
  QualityCompilation,
  QualityDocumentPlan,
} from './types';

export interface PrepareDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
}

/** Unmapped texts printed in the quality department's PDF; the rest are in the summary sheet. */
const UNMAPPED_IN_PDF = 300;

/** Department names may hold characters a file name cannot ("采购/配套部"). */
export function fileSafe(name: string): string {
  return [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(ch) ? '-' : ch))
    .join('')
    .replace(/-+/g, '-')
    .trim();
}

export function qualityFileName(period: string, departmentName: string, draftVersion: number | null): string {
  const draft = draftVersion === null ? '' : `（草稿第${draftVersion}版）`;
  return `质量信息反馈表 ${period} ${fileSafe(departmentName)}${draft}.pdf`;
}

function capView(v: DepartmentView): { view: DepartmentView; unmappedMore: number } {
  if (v.kind !== 'quality' || v.unmapped.length <= UNMAPPED_IN_PDF) return { view: v, unmappedMore: 0 };
  return {
    view: { ...v, unmapped: v.unmapped.slice(0, UNMAPPED_IN_PDF) },
    unmappedMore: v.unmapped.length - UNMAPPED_IN_PDF,
  };
}

export async function prepareQualityDocuments(
  deps: PrepareDeps,
  input: PrepareQualityDocumentsInput,
): Promise<PrepareQualityDocumentsResult> {
  const c = await deps.work.getJson<QualityCompilation>(input.compilationRef);
  const en = input.locale === 'en';
  const basis: QualityFeedbackData['basis'] = {
    sources: c.sources
      .filter((s) => s.role === 'qualityEvents')
      .map((s) => ({ file: s.file, sheet: s.sheet || '—', rows: s.validRows })),
    rows: c.counts.rows,
    events: c.counts.events,
    reportMonthEvents: c.counts.reportMonthEvents,
    duplicatesRemoved: c.counts.duplicatesRemoved,
    unmappedTexts: c.counts.unmappedTexts,
    unmappedEvents: c.counts.unmappedEvents,
    problems: c.counts.problems,
    outOfWindow: c.counts.outOfWindow,
  };
  const documents: QualityDocumentPlan[] = [];
  for (const v of c.views) {
    const { view, unmappedMore } = capView(v);
    const data: QualityFeedbackData = {
      company: input.company,
      period: c.period,
      draft: input.draft,
      approval: input.approval ?? null,
      basis,
      unmappedMore,
      view,
      ...(c.incidents ? { incidents: c.incidents.rows } : {}),
    };
    const name = en ? v.nameEn : v.name;
    const version = input.draft?.version ?? null;
    documents.push({
      departmentId: v.id,
      departmentName: name,
      recipients: v.recipients,
      dataRef: await deps.work.putJson(data),
      template: 'quality-feedback',
      meta: {
        workflowId: input.workflowId,
        runId: input.runId,
        period: c.period,
        kind: input.draft ? 'quality-feedback-draft' : 'quality-feedback',
        fileName: qualityFileName(c.period, v.name, version),
        title: en
          ? `Quality feedback ${c.period} · ${name}${version === null ? '' : ` (draft v${version})`}`
          : `质量信息反馈表 ${c.period} · ${name}${version === null ? '' : `（草稿第${version}版）`}`,
        department: v.id,
        recipients: v.recipients,
      },
      highlights: departmentHighlights(v, input.locale),
    });
  }
  const { summary, figures } = approvalSummary(
    c,
    documents.map((d) => ({ name: d.departmentName, highlights: d.highlights })),
    input.locale,
  );
  return { documents, summary, figures };
}
