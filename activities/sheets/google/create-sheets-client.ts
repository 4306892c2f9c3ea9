import { readFileSync } from 'node:fs';
import { auth as googleAuth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { ConfigError } from '../../../domain/errors';
import { GOOGLE_TOKEN_URI, exchangeServiceAccountJwt } from './exchange-service-account-jwt';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

export type GoogleAuthConfig =
  | {
      kind: 'service-account';
      keyFile: string;
      /**
       * Authenticate each call with a self-signed JWT carrying the scope instead of exchanging the key for an
       * access token at the key file's token_uri (the default, see exchange-service-account-jwt.ts). Google
       * accepts both.
       */
      selfSignedJwt?: boolean;
    }
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string; tokenUri?: string };

interface ServiceAccountKey {
  type?: string;
  client_email?: string;
  private_key?: string;
  private_key_id?: string;
  token_uri?: string;
}

/** The key file's token endpoint (Google's when absent): https, or http on this machine only (a local stand-in). */
function tokenUriOf(key: ServiceAccountKey, keyFile: string): string {
  const uri = key.token_uri ?? GOOGLE_TOKEN_URI;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError(`${keyFile}: token_uri ${JSON.stringify(uri)} is not a URL`, { keyFile });
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${keyFile}: token_uri must be https (got ${uri})`, { keyFile });
  }
  return uri;
}

function readKeyFile(
  keyFile: string,
): Required<Pick<ServiceAccountKey, 'client_email' | 'private_key'>> & ServiceAccountKey {
  let key: ServiceAccountKey;
  try {
    key = JSON.parse(readFileSync(keyFile, 'utf8')) as ServiceAccountKey;
  } catch (err) {
    throw new ConfigError(`Cannot read the Google service-account key file ${keyFile}: ${(err as Error).message}`, {
      keyFile,
    });
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key) {
    throw new ConfigError(`${keyFile} is not a Google service-account key (needs type, client_email, private_key)`, {
      keyFile,
    });
  }
  return key as ReturnType<typeof readKeyFile>;
}

/** Google's own Sheets v4 client with the configured credentials; retries are ours (see callWithRetry), not gaxios'. */
export function createSheetsClient(opts: {
  auth: GoogleAuthConfig;
  rootUrl?: string;
  timeoutMs: number;
}): sheets_v4.Sheets {
  let client: InstanceType<typeof googleAuth.OAuth2>;
  if (opts.auth.kind === 'service-account' && opts.auth.selfSignedJwt) {
    const key = readKeyFile(opts.auth.keyFile);
    const jwt = new googleAuth.JWT({
      email: key.client_email,
      key: key.private_key,
      ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
      scopes: [SHEETS_SCOPE],
    });
    jwt.useJWTAccessWithScope = true;
    client = jwt;
  } else if (opts.auth.kind === 'service-account') {
    // The production path: the key exchanged for an access token at its token_uri, renewed before it expires.
    const key = readKeyFile(opts.auth.keyFile);
    const creds = {
      clientEmail: key.client_email,
      privateKey: key.private_key,
      tokenUri: tokenUriOf(key, opts.auth.keyFile),
      ...(key.private_key_id ? { privateKeyId: key.private_key_id } : {}),
    };
    client = new googleAuth.OAuth2();
    client.refreshHandler = () => exchangeServiceAccountJwt(creds, SHEETS_SCOPE, { timeoutMs: opts.timeoutMs });
  } else {
    const { clientId, clientSecret, refreshToken, tokenUri } = opts.auth;
    if (!clientId || !clientSecret || !refreshToken) {
      throw new ConfigError('Google OAuth needs clientId, clientSecret and refreshToken', { clientId });
    }
    client = new googleAuth.OAuth2({
      clientId,
      clientSecret,
      ...(tokenUri ? { endpoints: { oauth2TokenUrl: tokenUri } } : {}),
    });
    client.setCredentials({ refresh_token: refreshToken });
  }
  return sheets({
    version: 'v4',
    auth: client,
    retry: false,
    timeout: opts.timeoutMs,
    ...(opts.rootUrl ? { rootUrl: opts.rootUrl } : {}),
  });
}
