import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleBackend } from '../../../../activities/sheets/google';
import { ConfigError } from '../../../../domain/errors';
import { createOAuthClient, createServiceAccountKeyFile } from '../../../support/sheets-standin';
import { FAST_RETRY, startGoogleFixture, type GoogleFixture } from './google-fixture';

describe('Google Sheets backend: authentication', () => {
  let fx: GoogleFixture;
  let id: string;
  beforeAll(async () => {
    fx = await startGoogleFixture();
    id = fx.standin.createSpreadsheet({ sheets: [{ title: '经销商', rows: [['经销商编号'], ['D0001']] }] });
  });
  afterAll(async () => {
    await fx.close();
  });

  it('service-account key file: self-signed JWT accepted by the server, no token exchange', async () => {
    const { keyFile } = createServiceAccountKeyFile(fx.standin, fx.dir, 'sheets-bot');
    const backend = createGoogleBackend({
      auth: { kind: 'service-account', keyFile, selfSignedJwt: true },
      rootUrl: fx.standin.rootUrl,
      retry: FAST_RETRY,
    });
    fx.standin.resetCalls();
    expect(await backend.listSheets({ kind: 'google', spreadsheetId: id })).toEqual(['经销商']);
    expect(fx.standin.log.map((l) => l.status)).toEqual([200]);
    expect(fx.standin.calls['oauth2.token']).toBeUndefined();
  });

  it('a key the server does not know is refused with a permanent 401', async () => {
    const other = createServiceAccountKeyFile(fx.standin, fx.dir, 'unregistered', false);
    const backend = createGoogleBackend({
      auth: { kind: 'service-account', keyFile: other.keyFile, selfSignedJwt: true },
      rootUrl: fx.standin.rootUrl,
      retry: FAST_RETRY,
    });
    await expect(backend.listSheets({ kind: 'google', spreadsheetId: id })).rejects.toMatchObject({
      code: 'SheetsApiError',
      permanent: true,
      context: { status: 401 },
    });
  });

  it('OAuth client + stored refresh token: one token exchange at the configured token URI serves many calls', async () => {
    const oauth = createOAuthClient(fx.standin);
    const backend = createGoogleBackend({
      auth: { kind: 'oauth', ...oauth, tokenUri: fx.standin.tokenUri },
      rootUrl: fx.standin.rootUrl,
      retry: FAST_RETRY,
    });
    fx.standin.resetCalls();
    for (let i = 0; i < 3; i++) await backend.listSheets({ kind: 'google', spreadsheetId: id });
    expect(fx.standin.calls['oauth2.token']).toBe(1);
    expect(fx.standin.callCount('spreadsheets.get')).toBe(3);
    expect(fx.standin.auth.issued.at(-1)?.clientId).toBe(oauth.clientId);
  });

  it('a revoked refresh token is a permanent error naming the grant problem', async () => {
    const oauth = createOAuthClient(fx.standin);
    const backend = createGoogleBackend({
      auth: { kind: 'oauth', ...oauth, refreshToken: '1//revoked', tokenUri: fx.standin.tokenUri },
      rootUrl: fx.standin.rootUrl,
      retry: FAST_RETRY,
    });
    fx.standin.resetCalls();
    const err = await backend.listSheets({ kind: 'google', spreadsheetId: id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SheetsApiError', permanent: true });
    expect((err as Error).message).toContain('invalid_grant');
    expect(fx.standin.callCount('spreadsheets.get')).toBe(0);
  });

  it('a file that is not a service-account key is a config error at start-up', () => {
    const bad = join(fx.dir, 'not-a-key.json');
    writeFileSync(bad, JSON.stringify({ type: 'authorized_user' }));
    expect(() => createGoogleBackend({ auth: { kind: 'service-account', keyFile: bad } })).toThrow(ConfigError);
    expect(() =>
      createGoogleBackend({ auth: { kind: 'service-account', keyFile: join(fx.dir, 'missing.json') } }),
    ).toThrow(/missing\.json/);
  });
});
