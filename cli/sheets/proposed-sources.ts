/**
 * Turns `sheets inspect` proposals into the `sources` section of a config: one entry per workbook and table, the
 * sheets of a workbook that differ only in an implied constant merged into one entry (`sheets: [新件库, 旧件库]`,
 * `set: { warehouse: '{sheet}' }`), several entries for one table as a list, absolute paths.
 */
import type { SheetProposal } from './inspect-workbook';

type Entry = Record<string, unknown>;

function entryOf(p: SheetProposal): Entry {
  const e: Entry = { kind: 'excel', path: p.file, sheet: p.sheet };
  if (Object.keys(p.constants).length) e.set = { ...p.constants };
  const money: Record<string, string> = {};
  if (p.money && p.money.sign !== 'positive') money.sign = p.money.sign;
  if (p.money?.unit === 'wan') money.unit = 'wan';
  if (Object.keys(money).length) e.money = money;
  if (p.rows.length) e.rows = p.rows.map((r) => ({ ...r }));
  return e;
}

/** Table name → one entry or a list of entries (quality events: always a list). */
export function proposedSources(proposals: readonly SheetProposal[]): Record<string, Entry | Entry[]> {
  const byTable = new Map<string, Entry[]>();
  for (const p of proposals) {
    if (!p.table) continue;
    const e = entryOf(p);
    const list = byTable.get(p.table) ?? [];
    // Same workbook, same options apart from a constant that is the sheet's own name: one entry, several sheets.
    const sameShape = (x: Entry): boolean => {
      const strip = (y: Entry) => JSON.stringify({ ...y, sheet: undefined, sheets: undefined, set: undefined });
      const constIsSheet = (y: Entry, sheet: string) =>
        Object.values((y.set as Record<string, string> | undefined) ?? {}).every((v) => v === sheet || v === '{sheet}');
      return (
        x.path === e.path && strip(x) === strip(e) && constIsSheet(x, String(x.sheet ?? '')) && constIsSheet(e, p.sheet)
      );
    };
    const twin = list.find(sameShape);
    if (twin && (twin.set || e.set)) {
      const sheets = (twin.sheets as string[] | undefined) ?? [String(twin.sheet)];
      twin.sheets = [...sheets, p.sheet];
      delete twin.sheet;
      if (twin.set) twin.set = Object.fromEntries(Object.keys(twin.set as object).map((k) => [k, '{sheet}']));
    } else list.push(e);
    byTable.set(p.table, list);
  }
  const out: Record<string, Entry | Entry[]> = {};
  for (const [table, list] of byTable) out[table] = table === 'qualityEvents' || list.length > 1 ? list : list[0]!;
  return out;
}
