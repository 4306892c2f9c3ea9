import { createSign } from 'node:crypto';

/**
 * A service account's access token by the OAuth 2.0 JWT bearer grant (RFC 7523), the way Google documents it: an
 * RS256 assertion {iss: client email, scope, aud: token URI, iat, exp ≤ 1 h} signed with the key file's private
 * key, POSTed to the key file's `token_uri`. Done here rather than by google-auth-library's JWT client because
 * that client sends the exchange to a fixed Google URL whatever the key file says (so it could not be tested
 * against a local endpoint, nor used with a private token endpoint).
 */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

export interface ServiceAccountCredentials {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
}

export interface AccessToken {
  access_token: string;
  /** Epoch ms. */
  expiry_date: number;
}

/**
 * Shaped like a gaxios error (response: status, data, headers, config), which google-auth-library inspects on
 * its way up and the Sheets retry policy classifies: 4xx permanent, 429/5xx transient.
 */
export class TokenEndpointError extends Error {
  constructor(
    message: string,
    readonly response: { status: number; data: unknown; headers: Headers; config: Record<string, never> },
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function exchangeServiceAccountJwt(
  creds: ServiceAccountCredentials,
  scope: string,
  opts: { timeoutMs: number; now?: () => number },
): Promise<AccessToken> {
  const iat = Math.floor((opts.now ?? Date.now)() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(creds.privateKeyId ? { kid: creds.privateKeyId } : {}) };
  const unsigned = `${b64(header)}.${b64({ iss: creds.clientEmail, scope, aud: creds.tokenUri, iat, exp: iat + 3600 })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(creds.privateKey, 'base64url');
  const res = await fetch(creds.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: `${unsigned}.${signature}` }).toString(),
    signal: AbortSignal.timeout(opts.timeoutMs),
  });
  const data = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (!res.ok || typeof data.access_token !== 'string') {
    throw new TokenEndpointError(`service-account token exchange at ${creds.tokenUri} failed (HTTP ${res.status})`, {
      status: res.ok ? 502 : res.status,
      data,
      headers: res.headers,
      config: {},
    });
  }
  const lifetimeS = typeof data.expires_in === 'number' ? data.expires_in : 3600;
  return { access_token: data.access_token, expiry_date: Date.now() + lifetimeS * 1000 };
}
