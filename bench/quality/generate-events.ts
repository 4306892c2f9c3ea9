/**
 * A large, deterministic quality month for the benchmark: `n` events spread over the report month and the six
 * before it, written the way people write them (catalogue names and synonyms, ~1 % texts the catalogue does not
 * know, part numbers sometimes lower case), with repeat failures on the same VIN and ~2 % events reported twice.
 * Streamed to xlsx with exceljs' WorkbookWriter (inline strings, memory flat), plus the catalogue and volumes.
 */
import ExcelJS from 'exceljs';
import { FAILURE_MODES, MODELS, PART_FAMILIES } from '../../activities/sheets/samples/catalog';
import { createRng } from '../../activities/sheets/samples/random';
import { type QualityEvent, type QualitySource } from '../../domain/quality';
import { type Period, windowMonths } from '../../domain/calendar';

export const HEADERS = [
  '日期',
  '来源',
  '产品型号',
  '配件编号',
  '配件名称',
  '故障模式',
  '供应商',
  '经销商编号',
  '区域',
  '车架号',
  '严重度',
  '数量',
  '故障描述',
  '处理完成日期',
];

const SOURCES: readonly (readonly [string, QualitySource, number])[] = [
  ['投诉', 'complaint', 3],
  ['来电', 'call', 2.5],
  ['三包鉴定', 'inspection', 3.5],
  ['退货', 'return', 1],
];
const REGIONS = ['华东', '华北', '华南', '华中', '西南', '西北', '东北'];
const UNKNOWN = ['方向盘发抖', '仪表盘乱码', '座椅异味', '天窗漏风', '后视镜起雾', '玻璃升降慢'];

export type BenchRow = [
  Date,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  Date | null,
];

export function* benchQualityRows(n: number, seed: number, period: Period): Generator<BenchRow> {
  const rng = createRng(seed).fork('bench-quality');
  const months = windowMonths(period, 6);
  const parts = Array.from({ length: 2000 }, (_, i) => {
    const f = PART_FAMILIES[i % PART_FAMILIES.length]!;
    return {
      no: `${f.prefix}-${String(10_000 + i).padStart(6, '0')}`,
      name: rng.pick(f.names),
      supplier: `供应商${i % 60}`,
    };
  });
  const vins = Array.from({ length: 60_000 }, (_, i) => `LJ1K${String(i).padStart(6, '0')}BENCH${i % 7}`);
  let previous: BenchRow | null = null;
  for (let i = 0; i < n; i++) {
    if (previous && rng.chance(0.02)) {
      // The same fault reported again through another channel the next day.
      const again: BenchRow = [...previous];
      again[0] = new Date(previous[0].getTime() + 86_400_000);
      again[1] = '来电';
      yield again;
      continue;
    }
    const mi = Math.min(months.length - 1, Math.floor(rng.next() ** 0.85 * months.length));
    const [y, m] = months[mi]!.split('-').map(Number) as [number, number];
    const date = new Date(Date.UTC(y, m - 1, rng.int(1, 28)));
    const fm = rng.pick(FAILURE_MODES);
    const text = rng.chance(0.01) ? rng.pick(UNKNOWN) : rng.chance(0.55) ? fm.name : rng.pick(fm.synonyms);
    const part = parts[rng.int(0, parts.length - 1)]!;
    const source = rng.weighted(SOURCES.map((s) => [s, s[2]] as const));
    const row: BenchRow = [
      date,
      source[0],
      rng.pick(MODELS),
      rng.chance(0.03) ? part.no.toLowerCase() : part.no,
      part.name,
      text,
      part.supplier,
      `D${String(rng.int(1, 800)).padStart(4, '0')}`,
      rng.pick(REGIONS),
      vins[rng.int(0, vins.length - 1)]!,
      rng.pick(['A', 'B', 'C', 'C']),
      rng.chance(0.9) ? 1 : rng.int(2, 4),
      `客户反映${part.name}${text}`,
      rng.chance(0.7) ? new Date(date.getTime() + rng.int(1, 20) * 86_400_000) : null,
    ];
    previous = row;
    yield row;
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The same rows as domain events (what the sheets layer would produce), for the plain-function measurement. */
export function toBenchEvent(r: BenchRow, row: number): QualityEvent {
  const source = SOURCES.find((s) => s[0] === r[1])![1];
  const e: QualityEvent = {
    date: iso(r[0]),
    source,
    model: r[2],
    partNo: r[3],
    partName: r[4],
    failureMode: r[5],
    supplier: r[6],
    dealerId: r[7],
    region: r[8],
    vin: r[9],
    severity: r[10],
    qty: r[11],
    description: r[12],
    ref: { file: 'bench.xlsx', sheet: '质量信息', row },
  };
  if (r[13]) e.closedAt = iso(r[13]);
  return e;
}

export async function writeBenchEvents(path: string, n: number, seed: number, period: Period): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('质量信息');
  ws.addRow([`质量信息汇总表（基准测试 ${n} 条）`]).commit();
  ws.addRow(HEADERS).commit();
  for (const values of benchQualityRows(n, seed, period)) {
    const row = ws.addRow(values);
    row.getCell(1).numFmt = 'yyyy-mm-dd';
    row.getCell(14).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

export async function writeBenchCatalogue(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('故障模式');
  ws.addRow(['代码', '故障模式', '分类', '同义词']);
  for (const f of FAILURE_MODES) ws.addRow([f.code, f.name, f.category, f.synonyms.join('；')]);
  await wb.xlsx.writeFile(path);
}

export async function writeBenchVolumes(path: string, period: Period): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('产量');
  ws.addRow(['月份', '产品型号', '产量']);
  const rng = createRng(7);
  for (const month of windowMonths(period, 6))
    for (const model of MODELS) ws.addRow([month, model, rng.int(8_000, 30_000)]);
  await wb.xlsx.writeFile(path);
}
