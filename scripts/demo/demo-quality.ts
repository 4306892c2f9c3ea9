/**
 * The month's quality-information feedback: compiled from the quality sheets, one draft PDF per department,
 * the customer supervisor previews them from the mailed link and clicks "approve distribution", then each
 * department gets its own PDF by mail.
 */
import {
  qualityFeedbackWorkflow,
  qualityFeedbackWorkflowId,
  type QualityFeedbackResult,
} from '../../workflows/quality-feedback';
import { answerUntil } from './answer-links';
import { hasActivities, personName, record, type DemoContext } from './demo-context';
import { startOnce, stateLine } from './start-once';
import { qualityFeedbackInputFromConfig } from '../../config/start-inputs/quality-feedback-input';

const ACTIVITIES = [
  'compileQualityFeedback',
  'prepareQualityDocuments',
  'publishQualitySummary',
  'sendQualityFeedbackMail',
];

function outcomeLine(r: QualityFeedbackResult, by: string): string {
  const mails = r.departments.reduce((n, d) => n + d.mails.length, 0);
  return [
    `approved by ${by} (draft v${r.approval.round})`,
    `${r.counts.reportMonthEvents} events this month (${r.counts.events} in the window, ${r.counts.duplicatesRemoved} duplicates removed)`,
    `${r.departments.length} department PDFs (${r.departments.map((d) => d.name).join('、')}), ${mails} mails`,
    `summary tab ${r.summary.tab}`,
  ].join('; ');
}

export async function runQuality(ctx: DemoContext): Promise<void> {
  ctx.log('\n▶ Quality feedback (质量信息反馈表): compile, drafts per department, supervisor approves, distribute');
  const workflowId = qualityFeedbackWorkflowId(ctx.period);
  if (!hasActivities(ctx, ACTIVITIES)) {
    ctx.log('  quality feedback: not available yet (its activities are not wired into the worker)');
    record(ctx, { section: 'quality', workflowId, status: 'skipped', outcome: 'not available yet' });
    return;
  }
  const input = qualityFeedbackInputFromConfig(ctx.cfg, ctx.period);
  const run = await startOnce(ctx, qualityFeedbackWorkflow, workflowId, [input]);
  ctx.log(`  ${workflowId}: ${stateLine(run.state)}`);
  let corrected = false;
  try {
    const result = await answerUntil(ctx, {
      what: 'quality feedback',
      owns: (id) => id === workflowId,
      watch: () => [workflowId],
      done: run.handle.result(),
      respond: async (_link, step) => {
        if (step.stepId.startsWith('approve-distribution')) {
          return {
            action: 'approve',
            comment: '各部门草稿已预览，同意分发。',
            what: `「${step.title}」 after previewing ${step.docIds.length} drafts`,
          };
        }
        if (step.stepId.startsWith('corrections')) {
          // Once: a source written by another month-end job (the returns' inspection journal) may exist by now.
          if (corrected)
            throw new Error(`the quality sheets cannot be compiled as they are: ${step.summary.join(' ')}`);
          corrected = true;
          return { action: 'acknowledge', verb: 'asked to compile again:', what: `「${step.title}」` };
        }
        return null;
      },
    });
    record(ctx, {
      section: 'quality',
      workflowId,
      status: run.state === 'completed' ? 'already-done' : 'completed',
      outcome: outcomeLine(result, personName(ctx, result.approval.by)),
    });
  } catch (err) {
    record(ctx, { section: 'quality', workflowId, status: 'failed', outcome: (err as Error).message });
  }
}
