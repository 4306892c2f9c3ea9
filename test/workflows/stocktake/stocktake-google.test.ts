// The ledger in Google Sheets (Google's own client against the local Sheets API stand-in): count sheets become
// tabs of the same spreadsheet, counters type their counts in the browser and set the status tab, the poll
// picks it up, and the posting lands as new tabs next to the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleBackend } from '../../../activities/sheets/google';
import { buildSampleSheets } from '../../../activities/sheets/samples';
import { stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import {
  createOAuthClient,
  loadSamplesIntoStandin,
  startSheetsStandin,
  type SheetsStandin,
} from '../../support/sheets-standin';
import { withWorker } from '../../support/temporal';
import {
  FINANCE,
  PERIOD,
  oldPartsInput,
  startStocktakeEnv,
  truth,
  waitForStatus,
  type StocktakeEnv,
} from './stocktake-kit';

let standin: SheetsStandin;
let env: StocktakeEnv;
let ledgerId: string;
let movementsId: string;

beforeAll(async () => {
  standin = await startSheetsStandin();
  const oauth = createOAuthClient(standin);
  const google = createGoogleBackend({
    auth: { kind: 'oauth', ...oauth, tokenUri: standin.tokenUri },
    rootUrl: standin.rootUrl,
    retry: { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5_000 },
  });
  env = await startStocktakeEnv({ google });
  // The same seed as the Excel samples of the kit, so the kit's ledger facts hold for the Google copy too.
  const sheets = buildSampleSheets({ seed: 11, period: PERIOD });
  const loaded = loadSamplesIntoStandin(standin, {
    stockLedger: sheets.stockLedger,
    stockMovements: sheets.stockMovements,
  });
  ledgerId = loaded.stockLedger!.spreadsheetId;
  movementsId = loaded.stockMovements!.spreadsheetId;
});
afterAll(async () => {
  await env?.close();
  await standin?.close();
});

describe('stocktake workflow with the ledger in Google Sheets', () => {
  it('writes count tabs, reads the counts typed in the browser, posts as new tabs', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `google-${Date.now()}`);
    const input = oldPartsInput(env, {
      ledger: { ref: { kind: 'google', spreadsheetId: ledgerId, tab: '库存台账' } },
      movements: { ref: { kind: 'google', spreadsheetId: movementsId } },
      submission: 'status-cell',
      docNoPrefix: 'PD-OP-G',
    });
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 2);
      for (const s of st.sheets) {
        if (s.location.kind !== 'google') throw new Error('expected a Google tab');
        expect(s.location.spreadsheetId).toBe(ledgerId);
        expect(s.display).toContain(`https://sheets.example.test/${ledgerId}`);
        const rows = standin.peek(ledgerId, `'${s.location.tab}'!A1:F500`).values ?? [];
        expect(rows[0]).toEqual(['序号', '仓库', '库区', '库位', '配件编号', '配件名称']);
        const counts = rows
          .slice(1)
          .map((r) => [
            truth(env, { row: 0, lineNo: Number(r[0]), location: String(r[3]), partNo: String(r[4]), zone: '' }),
          ]);
        standin.edit(ledgerId, `'${s.location.tab}'!G2:G${counts.length + 1}`, counts);
        standin.edit(ledgerId, `'${s.location.statusTab}'!A2`, [['已提交']]);
      }
      // The counters were mailed where to count (no attachment: the sheet is the tab).
      const mail = await env.catcher.waitFor((m) => /盘点表/.test(m.subject ?? ''), 10_000);
      expect(mail.text).toContain(`https://sheets.example.test/${ledgerId}`);
      return handle.result();
    });

    expect(result.outcome).toBe('clean');
    expect(result.summary.variances).toBe(0);
    expect(result.summary.lines).toBe(env.ledger.size);
    const tabs = standin.spreadsheet(ledgerId).sheets.map((s) => s.title);
    expect(tabs.filter((t) => t.startsWith('盘点 r1-'))).toHaveLength(3);
    if (result.summary.cardMismatches > 0) {
      expect(result.posting?.target).toEqual({ kind: 'google', spreadsheetId: ledgerId });
      expect(tabs).toContain(result.posting!.correctionsTab);
      const corrected = standin.peek(ledgerId, `'${result.posting!.correctionsTab}'!A1:M100`).values ?? [];
      expect(corrected).toHaveLength(result.summary.cardMismatches + 1);
    }
    expect(tabs.some((t) => t.startsWith('盘点调整'))).toBe(false);
    await env.catcher.waitFor(
      (m) => JSON.stringify(m.to).includes(FINANCE.email) && /盘点报告/.test(m.subject ?? ''),
      20_000,
    );
  });
});
