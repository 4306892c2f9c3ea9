// The path real deployments take, end to end: config → worker.ts's platform services → Google's own Sheets
// client → a service-account key (an RSA key pair made here) exchanged for an access token by the JWT bearer
// grant at the key file's token_uri — the local stand-in's token endpoint — then the API calls with that token.
// Also the OAuth refresh-token path through the same wiring. Nothing here uses `selfSignedJwt`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformServices } from '../../../../worker';
import { createOAuthClient, createServiceAccountKeyFile } from '../../../support/sheets-standin';
import { makeTestConfig } from '../../../support/test-config';
import { startGoogleFixture, type GoogleFixture } from './google-fixture';

let fx: GoogleFixture;
let id: string;
beforeAll(async () => {
  fx = await startGoogleFixture();
  id = fx.standin.createSpreadsheet({ sheets: [{ title: '经销商', rows: [['经销商编号'], ['D0001'], ['D0002']] }] });
});
afterAll(async () => {
  await fx.close();
});

/** The worker's Google backend for this `google` config key. */
function workerBackend(google: Record<string, unknown>) {
  const cfg = makeTestConfig({ smtpPort: 2525, patch: { google: { ...google, apiRootUrl: fx.standin.rootUrl } } });
  const services = createPlatformServices(cfg);
  services.transport.close();
  return services.backendFor({ kind: 'google', spreadsheetId: id });
}

describe('Google auth as the worker wires it', () => {
  it('exchanges a service-account key for an access token at its token_uri once, then calls the API with it', async () => {
    const { keyFile, clientEmail } = createServiceAccountKeyFile(fx.standin, fx.dir, 'exchange-bot');
    expect(JSON.parse(readFileSync(keyFile, 'utf8')).token_uri).toBe(fx.standin.tokenUri);
    const backend = workerBackend({ serviceAccountKeyFile: keyFile });
    fx.standin.resetCalls();
    for (let i = 0; i < 3; i++)
      expect(await backend.listSheets({ kind: 'google', spreadsheetId: id })).toEqual(['经销商']);
    expect(fx.standin.calls['oauth2.token']).toBe(1);
    expect(fx.standin.auth.assertions.map((a) => a.email)).toEqual([clientEmail]);
    expect(fx.standin.callCount('spreadsheets.get')).toBe(3);
    expect(fx.standin.log.every((l) => l.status === 200)).toBe(true);
  });

  it('renews the access token when it is about to expire', async () => {
    const { keyFile } = createServiceAccountKeyFile(fx.standin, fx.dir, 'short-lived');
    const backend = workerBackend({ serviceAccountKeyFile: keyFile });
    fx.standin.auth.assertionTokenLifetimeS = 60; // inside the client's 5-minute renewal margin
    try {
      fx.standin.resetCalls();
      for (let i = 0; i < 2; i++) await backend.listSheets({ kind: 'google', spreadsheetId: id });
      expect(fx.standin.calls['oauth2.token']).toBe(2);
    } finally {
      fx.standin.auth.assertionTokenLifetimeS = 3599;
    }
  });

  it('a key the token endpoint does not know: a permanent error naming invalid_grant, no API call', async () => {
    const stranger = createServiceAccountKeyFile(fx.standin, fx.dir, 'stranger', false);
    const backend = workerBackend({ serviceAccountKeyFile: stranger.keyFile });
    fx.standin.resetCalls();
    const err = await backend.listSheets({ kind: 'google', spreadsheetId: id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SheetsApiError', permanent: true, context: { status: 400 } });
    expect((err as Error).message).toContain('invalid_grant: Invalid JWT Signature.');
    expect(fx.standin.callCount('spreadsheets.get')).toBe(0);
  });

  it('an assertion for another audience is refused by the token endpoint', async () => {
    const { keyFile } = createServiceAccountKeyFile(fx.standin, fx.dir, 'moved');
    // Same key, but its token_uri names another path of the stand-in: the assertion's audience no longer matches.
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, string>;
    const moved = join(fx.dir, 'moved-key.json');
    writeFileSync(moved, JSON.stringify({ ...key, token_uri: `${fx.standin.tokenUri}?v=2` }));
    const err = await workerBackend({ serviceAccountKeyFile: moved })
      .listSheets({ kind: 'google', spreadsheetId: id })
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('the audience must be');
    expect(fx.standin.auth.refusedAssertions.at(-1)).toContain('audience');
  });

  it('a key file whose token_uri is plain http on another host is refused at start-up', () => {
    const { keyFile } = createServiceAccountKeyFile(fx.standin, fx.dir, 'insecure');
    const key = JSON.parse(readFileSync(keyFile, 'utf8')) as Record<string, string>;
    writeFileSync(keyFile, JSON.stringify({ ...key, token_uri: 'http://tokens.example.com/token' }));
    expect(() => workerBackend({ serviceAccountKeyFile: keyFile })).toThrow(/token_uri must be https/);
  });

  it('OAuth client + refresh token: one refresh at the configured token endpoint serves many calls', async () => {
    const oauth = createOAuthClient(fx.standin);
    const backend = workerBackend({ oauth: { ...oauth, tokenUri: fx.standin.tokenUri } });
    fx.standin.resetCalls();
    for (let i = 0; i < 2; i++) await backend.listSheets({ kind: 'google', spreadsheetId: id });
    expect(fx.standin.calls['oauth2.token']).toBe(1);
    expect(fx.standin.auth.issued.at(-1)?.clientId).toBe(oauth.clientId);
  });
});
