/**
 * Small dealer workbooks for the dunning tests, written the way a clerk keeps them (title row above the Chinese
 * header, money as numbers or text, dates as Excel dates), plus helpers to change them the way staff do while a
 * run is in progress (enter a payment, look at the credit-hold cell).
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';

export interface DealerRow {
  id: string;
  name: string;
  region?: string;
  email?: string;
  contact?: string;
  creditLimit?: number;
  terms?: number;
  hold?: '是' | '否' | '';
  block?: '是' | '否' | '';
}

export type TxType = '发货' | '回款' | '退货抵扣' | '费用';

export interface TxRow {
  date: string;
  dealer: string;
  type: TxType;
  doc: string;
  amount: number | string;
  due?: string;
  ref?: string;
  note?: string;
}

const DEALER_HEADER = [
  '经销商编号',
  '经销商名称',
  '区域',
  '邮箱',
  '联系人',
  '信用额度',
  '账期(天)',
  '信用冻结',
  '催款冻结',
];
const TX_HEADER = ['日期', '经销商编号', '类型', '单据号', '金额', '到期日', '核销单据号', '备注'];

const asDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export const dealerEmail = (id: string): string => `${id.toLowerCase()}@dealers.example.cn`;

export function dealer(id: string, over: Partial<DealerRow> = {}): DealerRow {
  return { id, name: `测试经销商${id}`, region: '华东', email: dealerEmail(id), terms: 30, hold: '否', ...over };
}

async function writeSheet(
  path: string,
  sheet: string,
  title: string,
  header: string[],
  rows: unknown[][],
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow([title]);
  ws.addRow(header);
  for (const r of rows) {
    const row = ws.addRow(r);
    r.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
  }
  await wb.xlsx.writeFile(path);
}

export async function writeDealers(path: string, rows: DealerRow[]): Promise<void> {
  await writeSheet(
    path,
    '经销商',
    '经销商清单',
    DEALER_HEADER,
    rows.map((d) => [
      d.id,
      d.name,
      d.region ?? '',
      d.email ?? dealerEmail(d.id),
      d.contact ?? '',
      d.creditLimit ?? null,
      d.terms ?? 30,
      d.hold ?? '',
      d.block ?? '',
    ]),
  );
}

export async function writeTransactions(path: string, rows: TxRow[]): Promise<void> {
  await writeSheet(
    path,
    '往来账',
    '经销商往来账',
    TX_HEADER,
    rows.map((t) => [
      asDate(t.date),
      t.dealer,
      t.type,
      t.doc,
      t.amount,
      t.due ? asDate(t.due) : null,
      t.ref ?? null,
      t.note ?? null,
    ]),
  );
}

export interface DealerBooks {
  dir: string;
  dealersPath: string;
  transactionsPath: string;
  dealers: DealerRow[];
  transactions: TxRow[];
}

export async function writeBooks(dir: string, dealers: DealerRow[], transactions: TxRow[]): Promise<DealerBooks> {
  const dealersPath = join(dir, '经销商.xlsx');
  const transactionsPath = join(dir, '往来账.xlsx');
  await writeDealers(dealersPath, dealers);
  await writeTransactions(transactionsPath, transactions);
  return { dir, dealersPath, transactionsPath, dealers, transactions };
}

/** Staff enter more rows (payments) into the transactions sheet: the workbook is rewritten with them added. */
export async function addTransactions(books: DealerBooks, rows: TxRow[]): Promise<void> {
  books.transactions.push(...rows);
  await writeTransactions(books.transactionsPath, books.transactions);
}

/** The 信用冻结 cell of a dealer as the workbook now holds it. */
export async function holdCell(books: DealerBooks, id: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(books.dealersPath);
  const ws = wb.worksheets[0]!;
  const header = ws.getRow(2);
  let col = 0;
  header.eachCell((c, i) => {
    if (c.value === '信用冻结') col = i;
  });
  for (let r = 3; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(1).value === id) return String(ws.getRow(r).getCell(col).value ?? '');
  }
  throw new Error(`no row for ${id}`);
}

/** Read a whole tab of a workbook as rows of display values. */
export async function readTab(path: string, tab: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(tab);
  if (!ws) throw new Error(`no tab ${tab} in ${path} (tabs: ${wb.worksheets.map((w) => w.name).join(', ')})`);
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}
