/** One failure on a VIN/serial, as kept for repeat detection. */
export interface VinHit {
  day: number;
  code: string;
  partNo: string;
}

/**
 * Compact per-VIN history for repeat detection: every hit is 4 int32 slots in one growable typed array
 * (day, code id, part id, previous hit of the same VIN, hits of the VIN so far), so 200k events cost ~3 MB plus one map entry per
 * VIN instead of an object or string per event — the garbage collector barely notices.
 */
export interface VinHitStore {
  add(vin: string, day: number, code: string, partNo: string): void;
  /**
   * Calls back for every VIN with at least `minHits` hits of which one falls on a day in [fromDay, toDay];
   * hits oldest first. Other VINs are skipped without building any objects.
   */
  forEachVin(minHits: number, fromDay: number, toDay: number, fn: (vin: string, hits: VinHit[]) => void): void;
}

const STRIDE = 5;

function interner() {
  const ids = new Map<string, number>();
  const values: string[] = [];
  return {
    id(s: string): number {
      let id = ids.get(s);
      if (id === undefined) {
        id = values.length;
        values.push(s);
        ids.set(s, id);
      }
      return id;
    },
    value: (id: number) => values[id]!,
  };
}

export function createVinHitStore(): VinHitStore {
  let data = new Int32Array(STRIDE * 1024);
  let count = 0;
  const head = new Map<string, number>();
  const codes = interner();
  const parts = interner();
  return {
    add(vin, day, code, partNo) {
      if ((count + 1) * STRIDE > data.length) {
        const bigger = new Int32Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      const at = count * STRIDE;
      data[at] = day;
      data[at + 1] = codes.id(code);
      data[at + 2] = parts.id(partNo);
      const prev = head.get(vin) ?? -1;
      data[at + 3] = prev;
      data[at + 4] = prev < 0 ? 1 : data[prev * STRIDE + 4]! + 1;
      head.set(vin, count);
      count++;
    },
    forEachVin(minHits, fromDay, toDay, fn) {
      for (const [vin, last] of head) {
        if (data[last * STRIDE + 4]! < minHits) continue;
        let inRange = false;
        for (let i = last; i >= 0 && !inRange; i = data[i * STRIDE + 3]!) {
          const day = data[i * STRIDE]!;
          inRange = day >= fromDay && day <= toDay;
        }
        if (!inRange) continue;
        const hits: VinHit[] = [];
        for (let i = last; i >= 0; i = data[i * STRIDE + 3]!) {
          const at = i * STRIDE;
          hits.push({ day: data[at]!, code: codes.value(data[at + 1]!), partNo: parts.value(data[at + 2]!) });
        }
        hits.sort((a, b) => a.day - b.day || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
        fn(vin, hits);
      }
    },
  };
}
