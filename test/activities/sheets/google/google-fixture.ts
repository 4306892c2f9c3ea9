import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGoogleBackend, type GoogleBackend, type GoogleBackendDeps } from '../../../../activities/sheets/google';
import { createOAuthClient, startSheetsStandin, type SheetsStandin } from '../../../support/sheets-standin';

export interface GoogleFixture {
  standin: SheetsStandin;
  dir: string;
  /** A backend authenticated with an OAuth client + refresh token registered at the stand-in. */
  backend(overrides?: Partial<Omit<GoogleBackendDeps, 'auth' | 'rootUrl'>>): GoogleBackend;
  oauth: { clientId: string; clientSecret: string; refreshToken: string };
  close(): Promise<void>;
}

/** Fast retries for tests: the behaviour (what is retried, how often) is what matters, not the waiting. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5_000 };

export async function startGoogleFixture(): Promise<GoogleFixture> {
  const standin = await startSheetsStandin();
  const dir = mkdtempSync(join(tmpdir(), 'google-backend-'));
  const oauth = createOAuthClient(standin);
  return {
    standin,
    dir,
    oauth,
    backend: (overrides = {}) =>
      createGoogleBackend({
        auth: { kind: 'oauth', ...oauth, tokenUri: standin.tokenUri },
        rootUrl: standin.rootUrl,
        ...overrides,
        retry: { ...FAST_RETRY, ...overrides.retry },
      }),
    async close() {
      await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
