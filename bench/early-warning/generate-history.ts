/**
 * A generated history of quality events for the early-warning benchmark: `parts` parts over a warm-up (the
 * detector's first baseline) plus `months` monitored months, with the noise real claim data has —
 *   - a part's weekly rate: a quarter of the parts are busy (5–20 a week), the rest quiet (0.1–5 a week,
 *     log-uniform); 2–5 failure modes each with random shares; one or two suppliers; one to three models;
 *   - failures in proportion to vehicles in the field (monthly production with seasonality and a model launched
 *     in the middle of the year), so counts drift without any quality problem;
 *   - weekday effect (dealers report less at weekends) and week-to-week extra-Poisson noise (±15 %);
 *   - injected batch problems on busy parts: from the onset day the part's events triple (its base rate × 2
 *     extra), the extra events all in one failure mode (the defect), from one supplier, half of them in one region.
 * `cellJump` instead triples the defect's own part × failure mode (a busy mode tripling by itself: the hardest
 * case, the whole rise has to show in one cell).
 */
import { createRng, type Rng } from '../../activities/sheets/samples/random';
import { createFieldExposure, type WarningEvent } from '../../domain/early-warning';
import type { ProductionVolume } from '../../domain/quality';
import { dayNumber, isoFromDay, type Period, periodOf, shiftPeriod } from '../../domain/calendar';

export interface InjectedProblem {
  partNo: string;
  failureCode: string;
  onset: number;
  end: number;
  /** Part (or cell) weekly rate before the problem. */
  baseWeekly: number;
  region?: string;
}

export interface History {
  events: (WarningEvent & { day: number })[];
  volumes: ProductionVolume[];
  problems: InjectedProblem[];
  firstDay: number;
  /** First day the detector has a full baseline for. */
  monitorFrom: number;
  lastDay: number;
  parts: number;
}

export interface HistoryOptions {
  seed: number;
  parts: number;
  months: number;
  /** Days before the monitored months (the first baseline + monitored days). */
  warmupDays: number;
  /** Injected problems per monitored month. */
  problemsPerMonth: number;
  /** 'part': the part triples, extra events in one mode; 'cell': the defect's own mode triples. */
  jump: 'part' | 'cell';
  /** The first monitored day, `YYYY-MM-DD`. */
  start: string;
}

const MODELS = ['JK6480', 'JK6530', 'JK1030', 'JK1040', 'JK5040XXY', 'JK6600EV'];
const REGIONS: [string, number][] = [
  ['华东', 5],
  ['华北', 3],
  ['华南', 3],
  ['华中', 2],
  ['西南', 2],
  ['西北', 1],
  ['东北', 1],
];
const WEEKDAY = [0.55, 1.12, 1.12, 1.12, 1.12, 1.12, 0.85]; // Sunday … Saturday, mean 1

/** Poisson draw (Knuth for small means, normal approximation above 50). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > l);
  return k - 1;
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

interface PartSpec {
  partNo: string;
  weekly: number;
  modes: { code: string; name: string; share: number }[];
  suppliers: { name: string; share: number }[];
  models: string[];
}

function shares(rng: Rng, n: number): number[] {
  const w = Array.from({ length: n }, () => -Math.log(Math.max(rng.next(), 1e-9)));
  const t = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / t);
}

function makeParts(rng: Rng, n: number): PartSpec[] {
  return Array.from({ length: n }, (_, i) => {
    const busy = rng.chance(0.25);
    const weekly = busy ? 5 + rng.next() * 15 : Math.exp(Math.log(0.1) + rng.next() * Math.log(50));
    const m = rng.int(2, 5);
    const first = rng.int(1, 40);
    const modeShares = shares(rng, m);
    const s = rng.chance(0.3) ? 2 : 1;
    const supplierShares = s === 2 ? [0.6, 0.4] : [1];
    const models = [...MODELS].sort(() => rng.next() - 0.5).slice(0, rng.int(1, 3));
    return {
      partNo: `P${String(i + 1).padStart(4, '0')}`,
      weekly,
      modes: modeShares.map((share, j) => ({
        code: `FM${String(first + j).padStart(2, '0')}`,
        name: `故障${first + j}`,
        share,
      })),
      suppliers: supplierShares.map((share, j) => ({ name: `供应商${(i * 7 + j * 13) % 37}`, share })),
      models,
    };
  });
}

/** Monthly production per model for `fieldMonths` before the history and through it: seasonal, one launch. */
function makeVolumes(rng: Rng, firstMonth: Period, lastMonth: Period): ProductionVolume[] {
  const out: ProductionVolume[] = [];
  const launchAt = shiftPeriod(lastMonth, -7);
  for (const [mi, model] of MODELS.entries()) {
    const base = 800 + rng.int(0, 2400);
    for (let month = firstMonth; month <= lastMonth; month = shiftPeriod(month, 1)) {
      if (mi === MODELS.length - 1 && month < launchAt) continue; // the EV is launched in the middle of the year
      const m = Number(month.slice(5, 7));
      const season = 1 + 0.25 * Math.cos(((m - 3) / 12) * 2 * Math.PI);
      const ramp =
        mi === MODELS.length - 1
          ? Math.min(1, (dayNumber(`${month}-01`)! - dayNumber(`${launchAt}-01`)!) / 150 + 0.2)
          : 1;
      out.push({ month, model: model, volume: Math.round(base * season * ramp * (0.9 + 0.2 * rng.next())) });
    }
  }
  return out;
}

export function generateHistory(o: HistoryOptions): History {
  const rng = createRng(o.seed).fork(`early-warning-${o.jump}`);
  const parts = makeParts(rng.fork('parts'), o.parts);
  const monitorFrom = dayNumber(o.start)!;
  const firstDay = monitorFrom - o.warmupDays;
  const lastDay = dayNumber(`${shiftPeriod(periodOf(o.start), o.months)}-01`)! - 1;
  const volumes = makeVolumes(
    rng.fork('volumes'),
    shiftPeriod(periodOf(isoFromDay(firstDay)), -40),
    periodOf(isoFromDay(lastDay)),
  );
  const field = createFieldExposure(volumes, 36);

  // Problems: on busy parts (≥ 5 a week), onsets spread over the monitored days, at least 3 weeks before the end.
  const prng = rng.fork('problems');
  const problems: InjectedProblem[] = [];
  const busy = parts.filter((p) => p.weekly >= 5);
  const count = Math.round(o.problemsPerMonth * o.months);
  const busyCells = parts.flatMap((p) => p.modes.filter((m) => p.weekly * m.share >= 5).map((m) => ({ p, m })));
  for (let i = 0; i < count; i++) {
    const onset = monitorFrom + Math.floor(((i + prng.next()) / count) * (lastDay - 21 - monitorFrom));
    const free = <T extends { p: PartSpec }>(xs: T[]): T[] =>
      xs.filter((x) => !problems.some((q) => q.partNo === x.p.partNo && q.end + 120 > onset));
    const pick =
      o.jump === 'cell'
        ? prng.pick(free(busyCells))
        : (() => {
            const p = prng.pick(free(busy.map((q) => ({ p: q }))).map((x) => x.p));
            return { p, m: prng.pick(p.modes) };
          })();
    problems.push({
      partNo: pick.p.partNo,
      failureCode: pick.m.code,
      onset,
      end: onset + prng.int(28, 56),
      baseWeekly: o.jump === 'cell' ? pick.p.weekly * pick.m.share : pick.p.weekly,
      ...(prng.chance(0.5) ? { region: prng.weighted(REGIONS) } : {}),
    });
  }

  const erng = rng.fork('events');
  const events: History['events'] = [];
  for (const p of parts) {
    const exposure = field.series(p.models, firstDay, lastDay - firstDay + 1)!;
    // The part's weekly rate is its average over the monitored days; the field's growth moves it around that.
    let ref = 0;
    for (let i = o.warmupDays; i < exposure.length; i++) ref += exposure[i]! / (exposure.length - o.warmupDays);
    let noise = 1;
    for (let day = firstDay; day <= lastDay; day++) {
      if ((day - firstDay) % 7 === 0) noise = Math.exp(0.15 * gaussian(erng) - 0.011);
      const weekday = WEEKDAY[(((day + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
      const level = (p.weekly / 7) * (exposure[day - firstDay]! / ref) * weekday * noise;
      for (const m of p.modes) {
        const problem = problems.find(
          (q) => q.partNo === p.partNo && q.failureCode === m.code && day >= q.onset && day < q.end,
        );
        const baseMean = level * m.share;
        const extraMean = problem ? 2 * (problem.baseWeekly / 7) * weekday : 0;
        const emit = (n: number, batch: boolean): void => {
          for (let k = 0; k < n; k++) {
            const supplier = batch
              ? p.suppliers[0]!.name
              : erng.weighted(p.suppliers.map((s) => [s.name, s.share] as const));
            const region = batch && problem?.region && erng.chance(0.8) ? problem.region : erng.weighted(REGIONS);
            events.push({
              day,
              date: isoFromDay(day),
              partNo: p.partNo,
              failureCode: m.code,
              failureName: m.name,
              model: erng.pick(p.models),
              supplier,
              region,
            });
          }
        };
        emit(poisson(erng, baseMean), false);
        if (extraMean > 0) emit(poisson(erng, extraMean), true);
      }
    }
  }
  events.sort((a, b) => a.day - b.day);
  return { events, volumes, problems, firstDay, monitorFrom, lastDay, parts: parts.length };
}
