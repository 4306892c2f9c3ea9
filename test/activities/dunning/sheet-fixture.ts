import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { DunningSettings } from '../../../activities/dunning/types';
import type { DunningProcedure } from '../../../domain/dunning';
import { type Period } from '../../../domain/calendar';

/** Writes one sheet of plain rows (header first) as a staff workbook would look after a save. */
export async function sheet(path: string, name: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}

/** A month's dunning settings over `dealers.xlsx` and `tx.xlsx` in `dir` (the parent stores them with asOf). */
export function monthSettings(dir: string, period: Period, procedure: DunningProcedure): Omit<DunningSettings, 'asOf'> {
  return {
    period,
    procedure,
    sources: {
      dealers: { kind: 'excel', path: join(dir, 'dealers.xlsx') },
      transactions: { kind: 'excel', path: join(dir, 'tx.xlsx') },
    },
    people: {
      finance: { name: '赵会计', email: 'finance@example.cn' },
      manager: { name: '王经理', email: 'manager@example.cn' },
      customerSupervisor: { name: '李主管', email: 'supervisor@example.cn' },
    },
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    defaultPaymentTermsDays: 30,
    followUpDays: 0,
    recheckDays: 7,
    approvals: { reminders: [], linkTtl: '14 days' },
    statementLinkTtl: '30 days',
    companyName: '售后服务部',
  };
}
