/**
 * The two steps the quality workflow opens for the customer supervisor: "approve distribution" (one link, a
 * preview of every department's draft on the page) and "correct the sheets, then confirm". Plain data.
 */
import type { ArchiveRef } from '../activities/archive/types';
import type { CompileQualityResult, PrepareQualityDocumentsResult, QualityFeedbackInput } from '../activities/quality';
import type { StepSpec } from './lib/decision';

export function approvalStep(
  input: QualityFeedbackInput,
  round: number,
  prepared: PrepareQualityDocumentsResult,
  drafts: ArchiveRef[],
  compiled: CompileQualityResult,
): StepSpec {
  const en = input.locale === 'en';
  const docIds = drafts.map((d) => d.docId);
  const problemReport = compiled.problemReport;
  return {
    stepId: `approve-distribution-r${round}`,
    kind: 'approval',
    title: en
      ? `Quality feedback ${input.period}: approve distribution (draft v${round})`
      : `质量信息反馈表 ${input.period} 分发审批（草稿第${round}版）`,
    summary: prepared.summary,
    figures: prepared.figures,
    docIds: problemReport ? [...docIds, problemReport.docId] : docIds,
    docLabels: Object.fromEntries([
      ...drafts.map((d) => [d.docId, d.fileName]),
      ...(problemReport ? [[problemReport.docId, problemReport.fileName]] : []),
    ]),
    recipients: [input.supervisor.email],
    actionLabels: en
      ? { approve: 'Approve distribution', reject: 'Send back for correction' }
      : { approve: '批准分发', reject: '退回更正' },
    locale: input.locale,
  };
}

export function correctionStep(
  input: QualityFeedbackInput,
  round: number,
  reason: string[],
  sentBack: boolean,
  compiled: CompileQualityResult,
): StepSpec {
  const en = input.locale === 'en';
  const intro = sentBack
    ? en
      ? `Draft v${round} was sent back:`
      : `草稿第${round}版已退回，退回意见：`
    : en
      ? 'The sheets cannot be compiled as they are:'
      : '表格数据需要更正后才能汇编：';
  const how = en
    ? 'Correct the sheets, then press the button. The system also re-reads the sheets regularly and compiles again as soon as one changes.'
    : '请更正相关表格后点击下方按钮；系统也会定期检查表格，发现修改后自动重新汇编并再次送审。';
  return {
    stepId: `corrections-r${round}`,
    kind: 'acknowledge',
    title: en
      ? `Quality feedback ${input.period}: correct the sheets (round ${round})`
      : `质量信息反馈表 ${input.period}：请更正数据（第${round}轮）`,
    summary: [intro, ...reason.map((r) => `• ${r}`), how],
    docIds: compiled.problemReport ? [compiled.problemReport.docId] : [],
    docLabels: compiled.problemReport ? { [compiled.problemReport.docId]: compiled.problemReport.fileName } : {},
    recipients: [input.supervisor.email],
    actionLabels: en ? { acknowledge: 'Corrected: compile again' } : { acknowledge: '已更正，重新汇编' },
    locale: input.locale,
  };
}
