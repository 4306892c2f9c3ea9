import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SheetsStandin } from './server';

/**
 * Writes a service-account key file in Google's JSON format (fresh RSA key) and registers its public key with
 * the stand-in, so self-signed JWTs made from the file authenticate there.
 */
export function createServiceAccountKeyFile(
  standin: SheetsStandin,
  dir: string,
  name = 'sheets-bot',
  /** false: a key the stand-in has never seen (its calls are refused). */
  register = true,
): { keyFile: string; clientEmail: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = `${name}@aftersales-test.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString('hex');
  const key = {
    type: 'service_account',
    project_id: 'aftersales-test',
    private_key_id: keyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: String(100_000_000_000 + Math.floor(Math.random() * 1e9)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: standin.tokenUri,
    universe_domain: 'googleapis.com',
  };
  const keyFile = join(dir, `${name}-key.json`);
  writeFileSync(keyFile, JSON.stringify(key, null, 2));
  if (register)
    standin.auth.addServiceAccount({
      clientEmail,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
  return { keyFile, clientEmail };
}

/** Registers an OAuth client with a stored refresh token, as an installed-app consent would have produced. */
export function createOAuthClient(standin: SheetsStandin): {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
} {
  const c = {
    clientId: `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`,
    clientSecret: `GOCSPX-${randomBytes(12).toString('base64url')}`,
    refreshToken: `1//standin-${randomBytes(16).toString('base64url')}`,
  };
  standin.auth.addOAuthClient(c);
  return c;
}
