import { largeLedgerRows, LARGE_LEDGER_HEADERS } from '../../activities/sheets/samples';
import { createOAuthClient, startSheetsStandin, type SeedCell } from '../../test/support/sheets-standin';
import { runChild } from '../lib/run-child';

/** Where a measurement child finds the table (passed as one JSON argument). */
export interface GoogleTarget {
  rootUrl: string;
  tokenUri: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  spreadsheetId: string;
  tab: string;
}

export interface GoogleRun {
  seconds: number;
  calls: number;
  byMethod: Record<string, number>;
  peak_rss_mb: number;
}

export interface GoogleFigures {
  rows: number;
  /** Backend alone: batched reads through Google's client. */
  read: GoogleRun;
  /** Whole layer: read-table (fingerprints, mapping, validation) over the backend. */
  layer: GoogleRun;
}

/**
 * Serves a `rows`-row ledger from the local Sheets stand-in (in this process) and reads it in a child process
 * through Google's client and the whole layer; the stand-in counts the API calls the read cost.
 */
export async function measureGoogle(
  scripts: { read: string; layer: string },
  o: { rows: number; seed: number; period: string; latencyMs: number },
): Promise<GoogleFigures> {
  const standin = await startSheetsStandin({ latencyMs: o.latencyMs });
  try {
    const rows: SeedCell[][] = [[`售后配件库存台账 ${o.period}（大表）`], [...LARGE_LEDGER_HEADERS]];
    for (const r of largeLedgerRows(o.seed, o.period, o.rows)) rows.push(r);
    const tab = '库存台账';
    const spreadsheetId = standin.createSpreadsheet({
      title: '库存台账（大表）',
      sheets: [
        {
          title: tab,
          rows,
          columnCount: 12,
          columnFormats: Object.assign([], {
            7: { type: 'NUMBER' as const, pattern: '#,##0.00' },
            9: { type: 'DATE' as const, pattern: 'yyyy-mm-dd' },
          }),
        },
      ],
    });
    rows.length = 0;
    const oauth = createOAuthClient(standin);
    const target: GoogleTarget = { rootUrl: standin.rootUrl, tokenUri: standin.tokenUri, ...oauth, spreadsheetId, tab };
    const run = async (script: string): Promise<GoogleRun> => {
      standin.resetCalls();
      const m = await runChild<{ rows: number; problems: number }>(script, [JSON.stringify(target)]);
      if (m.result.rows !== o.rows || m.result.problems !== 0) {
        throw new Error(
          `${script}: ${m.result.rows} valid rows, ${m.result.problems} problems; expected ${o.rows} and 0`,
        );
      }
      const byMethod = Object.fromEntries(Object.entries(standin.calls).filter(([k]) => k !== 'oauth2.token'));
      return { seconds: m.work_s, calls: standin.callCount(), byMethod, peak_rss_mb: m.peak_rss_mb };
    };
    return { rows: o.rows, read: await run(scripts.read), layer: await run(scripts.layer) };
  } finally {
    await standin.close();
  }
}
