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

interface JwtClaims {
  iss?: string;
  sub?: string;
  scope?: string;
  aud?: string;
  exp?: number;
  iat?: number;
}

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Google's ways in, as the client libraries use them: access tokens minted by the OAuth token endpoint — from a
 * refresh token (OAuth client) or from a service account's signed JWT assertion (RFC 7523 bearer grant, audience
 * = the token endpoint) — and service-account self-signed JWTs (RS256, `scope` claim) sent directly as bearer.
 */
export class AuthAuthority {
  private readonly clients = new Map<string, OAuthClientSeed>();
  private readonly accounts = new Map<string, ServiceAccountSeed>();
  private readonly tokens = new Map<string, { principal: Principal; expires: number }>();
  readonly issued: { clientId: string; at: number }[] = [];
  /** Service-account token exchanges granted, and refused with the reason. */
  readonly assertions: { email: string; at: number }[] = [];
  readonly refusedAssertions: string[] = [];
  /** The token endpoint's own URL: the audience a bearer-grant assertion must name (set once listening). */
  tokenUri = '';
  /** Lifetime of the access tokens the bearer grant issues (Google's is an hour). */
  assertionTokenLifetimeS = 3599;

  addOAuthClient(c: OAuthClientSeed): void {
    this.clients.set(c.clientId, c);
  }

  addServiceAccount(a: ServiceAccountSeed): void {
    this.accounts.set(a.clientEmail, a);
  }

  /** POST /token (refresh_token or jwt-bearer grant). Returns [status, body] in Google's token endpoint shape. */
  token(form: URLSearchParams): [number, Record<string, unknown>] {
    if (form.get('grant_type') === JWT_BEARER_GRANT) return this.bearerGrant(form.get('assertion') ?? '');
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

  /** A service account's assertion: signed by a registered key, for this endpoint, current, asking for Sheets. */
  private bearerGrant(assertion: string): [number, Record<string, unknown>] {
    const refuse = (why: string): [number, Record<string, unknown>] => {
      this.refusedAssertions.push(why);
      return [400, { error: 'invalid_grant', error_description: why }];
    };
    const signed = this.verifySignature(assertion);
    if (!signed) return refuse('Invalid JWT Signature.');
    const { claims } = signed;
    if (claims.aud !== this.tokenUri) return refuse(`Invalid JWT: the audience must be ${this.tokenUri}.`);
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp < now || claims.iat > now + 300)
      return refuse('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.');
    if (claims.exp - claims.iat > 3600) return refuse('Invalid JWT: the lifetime exceeds one hour.');
    if (!(claims.scope ?? '').split(' ').includes(SHEETS_SCOPE)) return refuse('Invalid JWT: no Sheets scope.');
    const accessToken = `ya29.standin-sa-${randomBytes(12).toString('hex')}`;
    const lifetimeS = this.assertionTokenLifetimeS;
    this.tokens.set(accessToken, {
      principal: { kind: 'service-account', email: signed.email },
      expires: Date.now() + lifetimeS * 1000,
    });
    this.assertions.push({ email: signed.email, at: Date.now() });
    return [200, { access_token: accessToken, expires_in: lifetimeS, token_type: 'Bearer' }];
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

  /** An RS256 JWT signed by a registered service account's key: its claims; else null. */
  private verifySignature(token: string): { email: string; claims: JwtClaims } | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: string };
    let claims: JwtClaims;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as JwtClaims;
    } catch {
      return null;
    }
    if (header.alg !== 'RS256' || !claims.iss) return null;
    const account = this.accounts.get(claims.iss);
    if (!account) return null;
    const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), account.publicKeyPem, Buffer.from(s, 'base64url'));
    return ok ? { email: claims.iss, claims } : null;
  }

  private verifyJwt(token: string): Principal | null {
    const signed = this.verifySignature(token);
    if (!signed) return null;
    const { claims } = signed;
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp < now || (claims.iat ?? 0) > now + 300) return null;
    const scoped = (claims.scope ?? '').split(' ').includes(SHEETS_SCOPE);
    const audienced = typeof claims.aud === 'string' && claims.aud.startsWith('https://sheets.googleapis.com');
    return scoped || audienced ? { kind: 'service-account', email: signed.email } : null;
  }
}
