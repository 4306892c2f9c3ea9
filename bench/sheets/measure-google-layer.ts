/**
 * Whole-layer child against the local Sheets stand-in: Google's client, batched reads, mapping and validation
 * (read-table, fingerprints before and after included). Connection details come in one JSON argument.
 */
import { createGoogleBackend } from '../../activities/sheets/google';
import { forEachRow } from '../../activities/sheets/read-table';
import { stockLedger } from '../../domain/sheets/schemas';
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
  const summary = await forEachRow(
    backend,
    { kind: 'google', spreadsheetId: t.spreadsheetId, tab: t.tab },
    stockLedger,
    { policy: 'proceed-with-valid' },
    () => {
      rows++;
    },
  );
  return { rows, headerRow: summary.headerRow, problems: summary.problemCount };
});
