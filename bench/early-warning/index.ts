/**
 * Early-warning benchmark (`npm run bench -- early-warning [--parts 200] [--months 12] [--seed N]`).
 * Generates a history of quality events over `parts` parts (a warm-up for the first baseline, then `months`
 * monitored months) with injected batch problems, runs the detector once a day as the schedule would, and scores
 * detection delay and false alarms. In the same run, on the same history:
 *   - baseline: the fixed-threshold rule a spreadsheet would use (this week ≥ 2 × the average week before, ≥ 5);
 *   - status quo: the monthly feedback, which shows a problem on the 3rd of the month after it starts;
 *   - the detector without production volumes (plain days);
 *   - a harder history where the defect's own part × failure mode triples (busy modes ≥ 5 a week).
 * Goal: every injected problem (a 3× jump on a part with ≥ 5 events a week) detected within 7 days; fewer than one
 * false alarm a month over all parts. The last line is one JSON object.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_DETECTION, createFieldExposure } from '../../domain/early-warning';
import { printFinal, round } from '../lib/print-final';
import { generateHistory, type History } from './generate-history';
import { domainRule, naiveRule, simulate, type Score } from './simulate';
import { isoFromDay } from '../../domain/calendar';

const whole = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function figures(score: Score) {
  const months = score.monitoredDays / (365.25 / 12);
  return {
    injected: score.injected,
    detected: score.detected,
    detected_within_7_days: score.detectedWithin7,
    detection_delay_days_max: score.delays.length ? Math.max(...score.delays) : null,
    detection_delay_days_median: median(score.delays),
    false_alarms: score.falseAlarms,
    false_alarms_per_month: round(score.falseAlarms / months, 2),
  };
}

/** The monthly feedback (status quo): a problem shows in the report on the 3rd of the month after its onset. */
function monthlyReportDelays(h: History): number[] {
  return h.problems.map((p) => {
    const onset = isoFromDay(p.onset);
    const y = Number(onset.slice(0, 4));
    const m = Number(onset.slice(5, 7));
    const next = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 3) / 86_400_000;
    return next - p.onset;
  });
}

async function main(): Promise<void> {
  const o = new Command()
    .option('--parts <n>', 'parts', whole, 200)
    .option('--months <n>', 'monitored months', whole, 12)
    .option('--seed <n>', 'random seed', whole, 20261112)
    .option('--problems-per-month <n>', 'injected problems per month', whole, 2)
    .parse(process.argv)
    .opts<{ parts: number; months: number; seed: number; problemsPerMonth: number }>();
  const s = DEFAULT_DETECTION;
  const base = {
    seed: o.seed,
    parts: o.parts,
    months: o.months,
    warmupDays: s.baselineDays + s.monitorDays,
    problemsPerMonth: o.problemsPerMonth,
    start: '2025-12-01',
  };

  const t0 = performance.now();
  const h = generateHistory({ ...base, jump: 'part' });
  const genS = (performance.now() - t0) / 1000;
  const exposure = createFieldExposure(h.volumes, s.fieldMonths);
  console.log(
    `history: ${h.parts} parts, ${h.events.length} events, ${isoFromDay(h.firstDay)} … ${isoFromDay(h.lastDay)}, ` +
      `${h.problems.length} injected batch problems (generated in ${genS.toFixed(1)} s)`,
  );

  const t1 = performance.now();
  const detector = simulate(h, domainRule(h, s, exposure));
  const runS = (performance.now() - t1) / 1000;
  const days = detector.monitoredDays;
  const perRunMs = (runS * 1000) / days;
  const plainDays = simulate(h, domainRule(h, s));
  const naive = simulate(h, naiveRule(h));
  const monthly = monthlyReportDelays(h);

  const hard = generateHistory({ ...base, seed: base.seed + 1, jump: 'cell' });
  const hardScore = simulate(hard, domainRule(hard, s, createFieldExposure(hard.volumes, s.fieldMonths)));

  const d = figures(detector);
  const rows: [string, ReturnType<typeof figures>][] = [
    ['detector (Poisson tail + CUSUM, volumes)', d],
    ['detector without volumes (per day)', figures(plainDays)],
    ['baseline: fixed threshold (≥ 2 × weekly avg, ≥ 5)', figures(naive)],
    ['harder: the failure mode itself triples', figures(hardScore)],
  ];
  for (const [name, f] of rows) {
    console.log(
      `${name.padEnd(52)} detected ${f.detected}/${f.injected} (≤ 7 d: ${f.detected_within_7_days}), delay median ` +
        `${f.detection_delay_days_median ?? '—'} d, max ${f.detection_delay_days_max ?? '—'} d; false alarms ` +
        `${f.false_alarms} (${f.false_alarms_per_month}/month)`,
    );
  }
  console.log(
    `status quo: monthly feedback shows a problem after median ${median(monthly)} d, max ${Math.max(...monthly)} d`,
  );
  console.log(
    `detector: ${days} daily runs in ${runS.toFixed(1)} s (${perRunMs.toFixed(1)} ms a run over ${h.parts} parts)`,
  );
  const goal =
    d.detected === d.injected && (d.detection_delay_days_max ?? Infinity) <= 7 && d.false_alarms_per_month < 1;
  console.log(`goal (all detected within 7 days, < 1 false alarm a month): ${goal ? 'met' : 'NOT met'}`);

  printFinal({
    parts: h.parts,
    months: o.months,
    events: h.events.length,
    injected: d.injected,
    detected: d.detected,
    detected_within_7_days: d.detected_within_7_days,
    detection_delay_days_max: d.detection_delay_days_max,
    detection_delay_days_median: d.detection_delay_days_median,
    false_alarms: d.false_alarms,
    false_alarms_per_month: d.false_alarms_per_month,
    goal_met: goal,
    run_ms: round(perRunMs, 1),
    without_volumes: figures(plainDays),
    baseline_fixed_threshold: figures(naive),
    status_quo_monthly_report: { delay_days_median: median(monthly), delay_days_max: Math.max(...monthly) },
    harder_failure_mode_triples: figures(hardScore),
    settings: s,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
