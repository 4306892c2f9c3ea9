/**
 * Runs a detection rule once a day over a generated history, as the daily schedule would, and scores it against
 * the injected problems. A signal on a key opens an "incident" (further signals on that key attach to it and
 * are not counted again); the incident closes after 28 days without an active check. An incident whose key and
 * dates match an injected problem (onset … end + 7 days) is a detection; any other is a false alarm.
 */
import {
  detectSignals,
  freezeBaseline,
  signalKey,
  type DetectionSettings,
  type FieldExposure,
  type FrozenBaseline,
} from '../../domain/early-warning';
import type { History, InjectedProblem } from './generate-history';
import { isoFromDay } from '../../domain/calendar';

export interface Score {
  injected: number;
  detected: number;
  detectedWithin7: number;
  delays: number[];
  falseAlarms: number;
  monitoredDays: number;
  signals: number;
}

/** A rule: the keys that signal on `asOf`, given events up to it and the keys with an open incident. */
export type Rule = (asOf: string, open: Map<string, FrozenBaseline>) => { signal: string[]; active: string[] };

export function domainRule(h: History, s: DetectionSettings, exposure?: FieldExposure): Rule {
  const span = s.baselineDays + s.monitorDays;
  let lo = 0;
  let hi = 0;
  return (asOf, open) => {
    const day = dayOf(asOf);
    while (lo < h.events.length && h.events[lo]!.day < day - span + 1) lo++;
    while (hi < h.events.length && h.events[hi]!.day <= day) hi++;
    const r = detectSignals(h.events.slice(lo, hi), asOf, s, { ...(exposure ? { exposure } : {}), open });
    for (const sig of r.signals) {
      open.set(sig.key, freezeBaseline(sig.figures, s, isoFromDay(day - span + 1), isoFromDay(day - s.monitorDays)));
    }
    return { signal: r.signals.map((x) => x.key), active: r.checks.filter((c) => c.active).map((c) => c.key) };
  };
}

const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

/**
 * The fixed-threshold rule a spreadsheet would use: this week's count at least twice the average week of the
 * eight weeks before, and at least `min` events. Keys with an open incident are active while it holds.
 */
export function naiveRule(h: History, min = 5): Rule {
  const counts = new Map<string, Map<number, number>>();
  for (const e of h.events) {
    const k = signalKey(e.partNo, e.failureCode);
    const m = counts.get(k) ?? new Map<number, number>();
    m.set(e.day, (m.get(e.day) ?? 0) + 1);
    counts.set(k, m);
  }
  return (asOf, open) => {
    const day = dayOf(asOf);
    const signal: string[] = [];
    const active: string[] = [];
    for (const [k, m] of counts) {
      let week = 0;
      let base = 0;
      for (let d = day - 6; d <= day; d++) week += m.get(d) ?? 0;
      for (let d = day - 62; d <= day - 7; d++) base += m.get(d) ?? 0;
      const hit = week >= min && week >= (2 * base) / 8;
      if (open.has(k)) {
        if (hit) active.push(k);
      } else if (hit) {
        signal.push(k);
        open.set(k, {
          rate: 0,
          ratePerDay: 0,
          baselineCount: base,
          baselineExposure: 56,
          volumeAdjusted: false,
          from: '',
          to: '',
        });
      }
    }
    return { signal, active };
  };
}

export function simulate(h: History, rule: Rule): Score {
  const open = new Map<string, FrozenBaseline>();
  const lastActive = new Map<string, number>();
  const episodes: { key: string; day: number }[] = [];
  for (let day = h.monitorFrom; day <= h.lastDay; day++) {
    const r = rule(isoFromDay(day), open);
    for (const k of r.signal) {
      episodes.push({ key: k, day });
      lastActive.set(k, day);
    }
    for (const k of r.active) lastActive.set(k, day);
    for (const k of [...open.keys()]) if (day - (lastActive.get(k) ?? day) >= 28) open.delete(k);
  }
  const matched = new Set<number>();
  const delays: number[] = [];
  let detected = 0;
  let within7 = 0;
  let falseAlarms = 0;
  const problemOf = (e: { key: string; day: number }): InjectedProblem | undefined =>
    h.problems.find((p) => signalKey(p.partNo, p.failureCode) === e.key && e.day >= p.onset && e.day <= p.end + 7);
  for (const e of episodes) {
    const p = problemOf(e);
    if (!p) {
      falseAlarms++;
      continue;
    }
    const i = h.problems.indexOf(p);
    if (matched.has(i)) continue;
    matched.add(i);
    detected++;
    // The detector runs in the morning on the events up to the day before: the alert goes out the day after asOf.
    const delay = e.day + 1 - p.onset;
    delays.push(delay);
    if (delay <= 7) within7++;
  }
  return {
    injected: h.problems.length,
    detected,
    detectedWithin7: within7,
    delays,
    falseAlarms,
    monitoredDays: h.lastDay - h.monitorFrom + 1,
    signals: episodes.length,
  };
}
