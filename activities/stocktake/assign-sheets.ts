/**
 * Who counts what: round 1 shares the zones out among the counters (largest zone first to the least-loaded
 * counter, ties in the configured order); recount rounds follow the recount plan (one sheet per counter and
 * zone). Pure and deterministic, so a retried activity produces the same sheets.
 */
import { ConfigError } from '../../domain/errors';
import { keyOfLine, type LedgerLine, type RecountPlan } from '../../domain/stocktake';
import type { StocktakePerson } from './types';

export interface SheetAssignment {
  counter: StocktakePerson;
  zone: string;
  /** 1-based snapshot line numbers, in snapshot order. */
  lineNos: number[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function assignZones(lines: readonly LedgerLine[], counters: readonly StocktakePerson[]): SheetAssignment[] {
  if (counters.length === 0) throw new ConfigError('the stocktake has no counters configured', {});
  const byZone = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const list = byZone.get(l.zone);
    if (list) list.push(i + 1);
    else byZone.set(l.zone, [i + 1]);
  });
  const load = counters.map(() => 0);
  const out: { order: number; a: SheetAssignment }[] = [];
  const zones = [...byZone].sort(([za, a], [zb, b]) => b.length - a.length || cmp(za, zb));
  for (const [zone, lineNos] of zones) {
    let best = 0;
    for (let c = 1; c < counters.length; c++) if (load[c]! < load[best]!) best = c;
    load[best]! += lineNos.length;
    out.push({ order: best, a: { counter: counters[best]!, zone, lineNos } });
  }
  return out.sort((x, y) => x.order - y.order || cmp(x.a.zone, y.a.zone)).map((x) => x.a);
}

export function assignRecount(
  lines: readonly LedgerLine[],
  plan: Pick<RecountPlan, 'lines'>,
  counters: readonly StocktakePerson[],
): SheetAssignment[] {
  const lineNoByKey = new Map(lines.map((l, i) => [keyOfLine(l), i + 1]));
  const groups = new Map<string, SheetAssignment>();
  for (const r of plan.lines) {
    const counter = counters.find((c) => c.name === r.counter);
    if (!counter)
      throw new ConfigError(`recount counter "${r.counter}" is not a configured counter`, { counter: r.counter });
    const lineNo = lineNoByKey.get(r.key);
    if (lineNo === undefined) throw new ConfigError(`recount line ${r.key} is not in the snapshot`, { key: r.key });
    const g = `${counter.email}\u0000${r.zone}`;
    const found = groups.get(g);
    if (found) found.lineNos.push(lineNo);
    else groups.set(g, { counter, zone: r.zone, lineNos: [lineNo] });
  }
  const order = (p: StocktakePerson) => counters.findIndex((c) => c.email === p.email);
  return [...groups.values()]
    .map((a) => ({ ...a, lineNos: [...a.lineNos].sort((x, y) => x - y) }))
    .sort((x, y) => order(x.counter) - order(y.counter) || cmp(x.zone, y.zone));
}
