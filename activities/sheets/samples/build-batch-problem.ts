/**
 * One batch quality problem (批量质量问题) in the period, for the early-warning demo: from the 10th, thirteen reports
 * of 制动异响 on one brake part, from a lot of 浙江华信制动系统有限公司, within five days, mostly from dealers in 华东, on
 * vehicles whose VINs lie in one narrow serial range (one production batch). Built from its own random stream and
 * appended after the quality sheet's other rows, so every other sample cell stays exactly as it was.
 */
import type { DealerRecord, PartRecord } from './build-master-data';
import type { QualityEventRecord } from './build-quality';
import { COMPLAINT_PHRASES } from './catalog';
import { utcDate } from './dates';
import type { Rng } from './random';
import type { PeriodInfo, SampleCell, SampleSheet } from './types';

export const BATCH_SUPPLIER = '浙江华信制动系统有限公司';
/** Reports per day from the 10th of the period. */
const PER_DAY = [2, 3, 3, 3, 2];

export function buildBatchProblem(
  rng: Rng,
  parts: PartRecord[],
  dealers: DealerRecord[],
  p: PeriodInfo,
): QualityEventRecord[] {
  const brake = parts.filter((x) => x.category === '制动');
  const part = brake.find((x) => x.supplier === BATCH_SUPPLIER) ?? brake.find((x) => x.model !== '通用') ?? brake[0];
  if (!part) return [];
  const model = part.model === '通用' ? 'JK6480' : part.model;
  const east = dealers.filter((d) => d.region === '华东');
  const vinPrefix = `LJ1K${model.replace(/\D/g, '').slice(0, 4).padEnd(4, '0')}S${String(p.year).slice(2)}`;
  const out: QualityEventRecord[] = [];
  let serial = 104_500 + rng.int(0, 300);
  PER_DAY.forEach((count, i) => {
    for (let k = 0; k < count; k++) {
      const dealer = east.length && rng.chance(0.85) ? rng.pick(east) : rng.pick(dealers);
      const text = rng.pick(['制动异响', '刹车异响', '刹车尖叫']);
      serial += rng.int(1, 9);
      out.push({
        date: utcDate(p.year, p.month, 10 + i),
        source: rng.pick(['投诉', '三包鉴定', '来电', '三包鉴定'] as const),
        model,
        partNo: part.partNo,
        partName: part.name,
        failureMode: text,
        // The lot came from the second source of this part: the sheet names the supplier per event.
        supplier: BATCH_SUPPLIER,
        dealerId: dealer.dealerId,
        region: dealer.region,
        vin: `${vinPrefix}${String(serial).padStart(6, '0')}`,
        severity: 'B',
        qty: 1,
        description: `${rng.pick(COMPLAINT_PHRASES)}新车行驶${rng.int(2, 30) * 100}公里后${part.name}${text}`,
        closedAt: null,
      });
    }
  });
  return out;
}

/** The quality sheet with the batch's rows appended (same columns as its other rows, plain values). */
export function withBatchProblem(sheet: SampleSheet, events: QualityEventRecord[]): SampleSheet {
  const rows: SampleCell[][] = events.map((e) => [
    e.date,
    e.source,
    e.model,
    e.partNo,
    e.partName,
    e.failureMode,
    e.supplier,
    e.dealerId,
    e.region,
    e.vin,
    e.severity,
    e.qty,
    e.description,
    e.closedAt,
  ]);
  return { ...sheet, rows: [...sheet.rows, ...rows], records: sheet.records + rows.length };
}
