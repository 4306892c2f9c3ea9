/**
 * Classifying unmapped failure texts on the quality draft review. The approval step gets one select per unmapped
 * text (the most frequent first), its suggested modes on top (by shared characters, from the compilation), then
 * every catalogue mode; blank leaves the text unmapped. Whatever the supervisor chose — approving or sending back —
 * is appended to the system-owned classification journal, which every later compilation folds in as synonyms
 * (a send-back recompiles this month with them; after approval they count from the next month). Orchestration only.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CompileQualityResult, QualityActivities, QualityFeedbackInput } from '../activities/quality';
import { activityOptions } from './lib/activity-options';
import type { DecisionRecord, FormField, StepSpec } from './lib/decision';

const { recordFailureModeClassifications } = proxyActivities<QualityActivities>(activityOptions('sheets'));

const fieldName = (i: number) => `fm${i + 1}`;

/** The approval step with the classification form and a few lines saying what it does (unchanged without texts). */
export function withClassificationForm(spec: StepSpec, compiled: CompileQualityResult, en: boolean): StepSpec {
  const review = compiled.review;
  if (!review) return spec;
  const lines = review.setAside.map((s) =>
    en
      ? `Classification row ${s.row ?? '?'} "${s.text}" → ${s.code} not applied: ${s.reason.split(' / ').pop()}`
      : `归类表第 ${s.row ?? '?'} 行“${s.text}”→ ${s.code} 未采用：${s.reason.split(' / ')[0]}`,
  );
  if (review.texts.length === 0) return { ...spec, summary: [...spec.summary, ...lines] };
  const form: FormField[] = review.texts.map((t, i) => {
    const suggested = new Set(t.suggestions.map((s) => s.code));
    return {
      name: fieldName(i),
      label: en ? `"${t.text}" (${t.events} events)` : `“${t.text}”（${t.events} 起）`,
      type: 'select',
      options: [
        ...t.suggestions.map((s) => ({
          value: s.code,
          label: en
            ? `Suggested: ${s.name} (${s.code}), shares "${s.shared}"`
            : `建议：${s.name}（${s.code}）· 共有“${s.shared}”`,
        })),
        ...review.modes
          .filter((m) => !suggested.has(m.code))
          .map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` })),
      ],
    };
  });
  const intro = en
    ? `Unmapped failure texts: choose the failure mode of each below (blank keeps it unmapped). Answers go to ${review.journal} and fold as synonyms from the next compilation (sending back recompiles this month with them).`
    : `未归类故障描述：请在下方为每条选择所属故障模式（留空则保持未归类），建议按共有字词列在最前。归类结果写入 ${review.journal}，下次汇编起按同义词归类（退回更正则本月重新汇编即生效）。`;
  const more =
    review.more > 0
      ? [
          en
            ? `${review.more} rarer unmapped texts are not listed here.`
            : `另有 ${review.more} 种较少出现的未归类描述未列出。`,
        ]
      : [];
  return { ...spec, summary: [...spec.summary, intro, ...more, ...lines], form: [...(spec.form ?? []), ...form] };
}

/**
 * Writes what the supervisor chose to the classification journal (one activity, idempotent per text); nothing
 * when no text was classified. Returns how many texts were classified in this decision.
 */
export async function recordClassifications(
  decision: DecisionRecord,
  compiled: CompileQualityResult,
  input: QualityFeedbackInput,
  workflowId: string,
): Promise<number> {
  const review = compiled.review;
  if (!review || !decision.fields) return 0;
  const names = new Map([...review.modes, ...review.texts.flatMap((t) => t.suggestions)].map((m) => [m.code, m.name]));
  const items = review.texts.flatMap((t, i) => {
    const code = decision.fields?.[fieldName(i)];
    return typeof code === 'string' && code ? [{ text: t.text, code, name: names.get(code) ?? '' }] : [];
  });
  if (items.length === 0) return 0;
  await recordFailureModeClassifications({
    sources: input.sources,
    workflowId,
    period: input.period,
    by: decision.decidedBy,
    at: decision.decidedAt,
    items,
  });
  return items.length;
}
