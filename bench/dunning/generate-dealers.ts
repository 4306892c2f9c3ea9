/**
 * A large dealer dataset for the benchmark, streamed to xlsx (memory flat): N dealers over eight regions and
 * ~`perDealer` transactions each from August to the period's month (shipments with 30-day terms, payments against
 * them, the odd return credit), so every dealer has activity and a balance and gets a statement of account.
 */
import ExcelJS from 'exceljs';

const REGIONS = ['华东', '华北', '华南', '华中', '西南', '西北', '东北', '华东二区'];
const CITIES = ['杭州', '南京', '合肥', '武汉', '长沙', '成都', '重庆', '西安', '沈阳', '济南', '福州', '广州'];

const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);

export interface BenchDataset {
  dealers: number;
  transactions: number;
}

export async function writeBenchDataset(
  dealersPath: string,
  transactionsPath: string,
  opts: { dealers: number; perDealer: number; year: number; month: number },
): Promise<BenchDataset> {
  const dw = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: dealersPath, useSharedStrings: false });
  const ds = dw.addWorksheet('经销商');
  ds.addRow(['经销商编号', '经销商名称', '区域', '邮箱', '联系人', '信用额度', '账期(天)', '信用冻结']).commit();
  const tw = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: transactionsPath, useSharedStrings: false });
  const ts = tw.addWorksheet('往来账');
  ts.addRow(['日期', '经销商编号', '类型', '单据号', '金额', '到期日', '核销单据号', '备注']).commit();
  let rows = 0;
  let seq = 0;
  const lastDay = new Date(Date.UTC(opts.year, opts.month, 0)).getUTCDate();
  for (let i = 1; i <= opts.dealers; i++) {
    const id = `D${String(i).padStart(5, '0')}`;
    ds.addRow([
      id,
      `${CITIES[i % CITIES.length]}${i}号汽配服务站`,
      REGIONS[i % REGIONS.length],
      `${id.toLowerCase()}@dealers.example.cn`,
      `联系人${i}`,
      500000,
      30,
      '否',
    ]).commit();
    const pairs = Math.max(1, Math.floor(opts.perDealer / 2));
    for (let k = 0; k < pairs; k++) {
      // Spread over the three months before the period's end; the last ones fall in the period.
      const back = Math.floor(((pairs - k) * 90) / pairs);
      const date = addDays(day(opts.year, opts.month, lastDay), -back);
      const amount = 1000 + ((i * 37 + k * 101) % 9000) + ((i + k) % 100) / 100;
      const doc = `FH${String(++seq).padStart(8, '0')}`;
      ts.addRow([date, id, '发货', doc, amount, addDays(date, 30), null, k % 7 === 0 ? '季度备货' : null]).commit();
      const paid = addDays(date, 20);
      if (paid <= day(opts.year, opts.month, lastDay)) {
        const type = k % 11 === 5 ? '退货抵扣' : '回款';
        ts.addRow([
          paid,
          id,
          type,
          `${type === '回款' ? 'HK' : 'TH'}${String(++seq).padStart(8, '0')}`,
          amount,
          null,
          doc,
          null,
        ]).commit();
        rows++;
      }
      rows++;
    }
  }
  ds.commit();
  ts.commit();
  await Promise.all([dw.commit(), tw.commit()]);
  return { dealers: opts.dealers, transactions: rows };
}
