import {
  DEALER_SUFFIXES,
  DEALER_WORDS,
  FAILURE_MODES,
  GIVEN_NAMES,
  MODELS,
  PART_FAMILIES,
  REGIONS,
  SUPPLIERS,
  SURNAMES,
} from './catalog';
import { addDays, monthsBack, utcDate } from './dates';
import { daysInMonth } from '../../../domain/calendar';
import type { Rng } from './random';
import type { PeriodInfo } from './types';

export interface PartRecord {
  partNo: string;
  name: string;
  category: string;
  unit: string;
  /** Yuan, two decimals. */
  unitCost: number;
  supplier: string;
  model: string;
  zone: string;
}

export interface LedgerRecord {
  warehouse: '新件库' | '旧件库';
  zone: string;
  partNo: string;
  partName: string;
  location: string;
  bookQty: number;
  cardQty: number;
  unitCost: number;
  category: string;
  lastMovement: Date;
}

export interface MovementRecord {
  date: Date;
  warehouse: string;
  partNo: string;
  location: string;
  qty: number;
  docNo: string;
}

export interface DealerRecord {
  dealerId: string;
  name: string;
  region: string;
  city: string;
  email: string;
  contact: string;
  creditLimit: number;
  paymentTermsDays: number;
  creditHold: boolean;
  dunningBlock: boolean | null;
}

export interface VolumeRecord {
  month: string;
  model: string;
  volume: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
}

export function buildParts(rng: Rng, count = 320): PartRecord[] {
  const parts: PartRecord[] = [];
  const seen = new Set<string>();
  const familySuppliers = new Map(
    PART_FAMILIES.map((f, i) => [f.category, [0, 8, 13].map((k) => SUPPLIERS[(i + k) % SUPPLIERS.length] as string)]),
  );
  for (let i = 0; parts.length < count; i++) {
    const family = PART_FAMILIES[i % PART_FAMILIES.length] as (typeof PART_FAMILIES)[number];
    const base = rng.pick(family.names);
    const side = rng.chance(0.25) ? rng.pick(['（左）', '（右）']) : '';
    const model = rng.chance(0.2) ? '通用' : rng.pick(MODELS);
    const name = `${base}${side}`;
    if (seen.has(`${name}|${model}`)) continue;
    seen.add(`${name}|${model}`);
    const [lo, hi] = family.cost;
    // Skewed towards cheap parts, as real catalogues are.
    const cost = round2(lo + (hi - lo) * rng.next() ** 2.5);
    parts.push({
      partNo: `${family.prefix}-${String(1001 + parts.length).padStart(4, '0')}`,
      name,
      category: family.category,
      unit: rng.pick(family.unit),
      unitCost: Math.max(cost, 1),
      supplier: rng.pick(familySuppliers.get(family.category) ?? SUPPLIERS),
      model,
      zone: family.zone,
    });
  }
  return parts;
}

const OLD_ZONES = ['待鉴定区', '索赔区', '报废区'];

export function buildLedger(rng: Rng, parts: PartRecord[], p: PeriodInfo): LedgerRecord[] {
  const cutOff = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
  const lastMove = (): Date => addDays(cutOff, -rng.int(0, 150));
  const rows: LedgerRecord[] = [];
  const qty = (max: number): number => Math.floor(max * rng.next() ** 2);
  for (const part of parts) {
    const locations = rng.chance(0.1) ? 2 : 1;
    for (let l = 0; l < locations; l++) {
      const book = qty(300) + (rng.chance(0.9) ? 1 : 0);
      // Most bin cards agree with the book; a few drifted (账卡不符).
      const card = rng.chance(0.04) ? Math.max(0, book + rng.pick([-5, -2, -1, 1, 2, 3])) : book;
      const letter = part.zone.slice(0, 1);
      rows.push({
        warehouse: '新件库',
        zone: part.zone,
        partNo: part.partNo,
        partName: part.name,
        location: `${letter}-${String(rng.int(1, 12)).padStart(2, '0')}-${rng.int(1, 5)}-${String(rng.int(1, 10)).padStart(2, '0')}`,
        bookQty: book,
        cardQty: card,
        unitCost: part.unitCost,
        category: part.category,
        lastMovement: lastMove(),
      });
    }
  }
  for (const part of parts) {
    if (!rng.chance(0.3)) continue;
    const zoneIndex = rng.int(0, OLD_ZONES.length - 1);
    const book = rng.int(1, 20);
    rows.push({
      warehouse: '旧件库',
      zone: OLD_ZONES[zoneIndex] as string,
      partNo: part.partNo,
      partName: part.name,
      location: `J${zoneIndex + 1}-${String(rng.int(1, 6)).padStart(2, '0')}-${String(rng.int(1, 20)).padStart(2, '0')}`,
      bookQty: book,
      cardQty: rng.chance(0.05) ? book + rng.pick([-1, 1]) : book,
      unitCost: part.unitCost,
      category: part.category,
      lastMovement: lastMove(),
    });
  }
  return rows;
}

/** A month of movements, plus a few dated just after the cut-off ("moved after cut-off"). */
export function buildMovements(rng: Rng, ledger: LedgerRecord[], p: PeriodInfo): MovementRecord[] {
  const days = daysInMonth(p.year, p.month);
  const out: MovementRecord[] = [];
  let seqIn = 0;
  let seqOut = 0;
  const ym = `${p.year}${String(p.month).padStart(2, '0')}`;
  for (let i = 0; i < 280; i++) {
    const row = rng.pick(ledger);
    const incoming = rng.chance(0.4);
    const afterCutOff = i >= 268;
    const date = afterCutOff
      ? addDays(utcDate(p.year, p.month, days), rng.int(1, 2))
      : utcDate(p.year, p.month, rng.int(1, days));
    out.push({
      date,
      warehouse: row.warehouse,
      partNo: row.partNo,
      location: row.location,
      qty: incoming ? rng.int(1, 50) : -rng.int(1, Math.max(1, Math.min(20, row.bookQty))),
      docNo: incoming ? `RK${ym}${String(++seqIn).padStart(4, '0')}` : `CK${ym}${String(++seqOut).padStart(4, '0')}`,
    });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime() || a.docNo.localeCompare(b.docNo));
}

export function buildDealers(rng: Rng, count = 60): DealerRecord[] {
  const dealers: DealerRecord[] = [];
  const names = new Set<string>();
  const weights = REGIONS.map(
    (r) => [r, r.region === '华东' ? 3 : r.region === '华南' || r.region === '华中' ? 2 : 1] as const,
  );
  while (dealers.length < count) {
    const region = rng.weighted(weights);
    const city = rng.pick(region.cities);
    const name = `${city}${rng.pick(DEALER_WORDS)}${rng.pick(DEALER_SUFFIXES)}`;
    if (names.has(name)) continue;
    names.add(name);
    const n = dealers.length + 1;
    const id = String(n).padStart(4, '0');
    dealers.push({
      dealerId: `D${id}`,
      name,
      region: region.region,
      city,
      email: `d${id}@dealers.example.cn`,
      contact: personName(rng),
      creditLimit: rng.pick([50_000, 80_000, 100_000, 150_000, 200_000, 300_000, 500_000]),
      paymentTermsDays: rng.pick([30, 30, 45, 60, 60, 90]),
      creditHold: false,
      dunningBlock: null,
    });
  }
  // Two dealers already on credit hold, one with dunning paused by staff.
  (dealers[6] as DealerRecord).creditHold = true;
  (dealers[41] as DealerRecord).creditHold = true;
  (dealers[17] as DealerRecord).dunningBlock = true;
  for (const d of dealers) if (d.dunningBlock === null && rng.chance(0.5)) d.dunningBlock = false;
  return dealers;
}

export function buildVolumes(rng: Rng, p: PeriodInfo): VolumeRecord[] {
  const out: VolumeRecord[] = [];
  const base = new Map(MODELS.map((m) => [m, rng.int(900, 4800)]));
  for (const ym of monthsBack(p, 10)) {
    for (const model of MODELS) {
      const growth = model.endsWith('EV') ? 1 + 0.06 * out.filter((v) => v.model === model).length : 1;
      out.push({
        month: ym,
        model,
        volume: Math.round((base.get(model) ?? 1000) * growth * (0.85 + 0.3 * rng.next())),
      });
    }
  }
  return out;
}

export function failureModeRows(rng: Rng): { code: string; name: string; category: string; synonyms: string }[] {
  return FAILURE_MODES.map((fm) => ({
    code: fm.code,
    name: fm.name,
    category: fm.category,
    synonyms: fm.synonyms.join(rng.pick(['；', '，', '、', ';'])),
  }));
}
