import { randomBytes, verify } from 'node:crypto';

export interface OAuthClientSeed {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface ServiceAccountSeed {
  clientEmail: string;
  /** PEM public key matching the private key in the key file the client uses. */
  publicKeyPem: string;
}

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

/** What the stand-in learnt about the caller of an API request. */
export type Principal = { kind: 'oauth'; clientId: string } | { kind: 'service-account'; email: string };

/**
 * Google's two ways in, as the client libraries use them: access tokens minted by the OAuth token endpoint
 * from a refresh token, and service-account self-signed JWTs (RS256, `scope` claim) sent directly as bearer.
 */
export class AuthAuthority {
  private readonly clients = new Map<string, OAuthClientSeed>();
  private readonly accounts = new Map<string, ServiceAccountSeed>();
  private readonly tokens = new Map<string, { principal: Principal; expires: number }>();
  readonly issued: { clientId: string; at: number }[] = [];

  addOAuthClient(c: OAuthClientSeed): void {
    this.clients.set(c.clientId, c);
  }

  addServiceAccount(a: ServiceAccountSeed): void {
    this.accounts.set(a.clientEmail, a);
  }

  /** POST /token (grant_type=refresh_token). Returns [status, body] in Google's token endpoint shape. */
  token(form: URLSearchParams): [number, Record<string, unknown>] {
    if (form.get('grant_type') !== 'refresh_token') {
      return [400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' }];
    }
    const client = this.clients.get(form.get('client_id') ?? '');
    if (!client || client.clientSecret !== form.get('client_secret')) {
      return [401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' }];
    }
    if (client.refreshToken !== form.get('refresh_token')) {
      return [400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }];
    }
    const accessToken = `ya29.standin-${randomBytes(12).toString('hex')}`;
    this.tokens.set(accessToken, {
      principal: { kind: 'oauth', clientId: client.clientId },
      expires: Date.now() + 3600_000,
    });
    this.issued.push({ clientId: client.clientId, at: Date.now() });
    return [200, { access_token: accessToken, expires_in: 3599, scope: SHEETS_SCOPE, token_type: 'Bearer' }];
  }

  /** Verifies an Authorization header; null when it does not authenticate. */
  authenticate(header: string | undefined): Principal | null {
    const m = /^Bearer (.+)$/.exec(header ?? '');
    if (!m) return null;
    const token = m[1] as string;
    const known = this.tokens.get(token);
    if (known) return known.expires > Date.now() ? known.principal : null;
    return this.verifyJwt(token);
  }

  private verifyJwt(token: string): Principal | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: string };
    let claims: { iss?: string; sub?: string; scope?: string; aud?: string; exp?: number; iat?: number };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return null;
    }
    if (header.alg !== 'RS256' || !claims.iss) return null;
    const account = this.accounts.get(claims.iss);
    if (!account) return null;
    const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), account.publicKeyPem, Buffer.from(s, 'base64url'));
    if (!ok) return null;
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp < now || (claims.iat ?? 0) > now + 300) return null;
    const scoped = (claims.scope ?? '').split(' ').includes(SHEETS_SCOPE);
    const audienced = typeof claims.aud === 'string' && claims.aud.startsWith('https://sheets.googleapis.com');
    return scoped || audienced ? { kind: 'service-account', email: claims.iss } : null;
  }
}
