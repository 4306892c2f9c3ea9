/** Backend-only child against the local Sheets stand-in: Google's client and batched reads, no mapping. */
import { createGoogleBackend } from '../../activities/sheets/google';
import { childMain } from '../lib/child-main';
import type { GoogleTarget } from './measure-google';

childMain(async ([json]) => {
  const t = JSON.parse(json as string) as GoogleTarget;
  const backend = createGoogleBackend({
    auth: {
      kind: 'oauth',
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      refreshToken: t.refreshToken,
      tokenUri: t.tokenUri,
    },
    rootUrl: t.rootUrl,
  });
  let rows = 0;
  let cells = 0;
  for await (const row of backend.readRows({ kind: 'google', spreadsheetId: t.spreadsheetId, tab: t.tab })) {
    rows++;
    cells += row.cells.length;
  }
  // Title and header rows are rows too; report data rows like the layer does.
  return { rows: rows - 2, cells, problems: 0 };
});
