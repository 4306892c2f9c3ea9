import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Portal passwords as scrypt hashes in the config: `scrypt$N$r$p$saltB64$hashB64`. Defaults follow OWASP's
 * scrypt recommendation (N=2^17, r=8, p=1: ~128 MiB, a few hundred ms per check); the parameters travel in the
 * string, so they can be raised later without invalidating existing hashes.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, keyLen: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh 16-byte salt; the result goes into the portal's account config. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (password.length < 8) throw new Error('password must have at least 8 characters');
  if (!validParams(params)) throw new Error(`unsupported scrypt parameters ${JSON.stringify(params)}`);
  const salt = randomBytes(16);
  const hash = await derive(password, salt, 32, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * Parses a stored hash, or returns null when it is malformed or its parameters are outside sane bounds
 * (a config typo must not turn into a 4 GiB allocation per login).
 */
export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d+$/.test(s) ? Number(s) : NaN)) as [number, number, number];
  const salt = Buffer.from(parts[4] as string, 'base64');
  const hash = Buffer.from(parts[5] as string, 'base64');
  if (!validParams({ N, r, p }) || salt.length < 16 || hash.length < 16 || hash.length > 64) return null;
  return { N, r, p, salt, hash };
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(N) && N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0;
  return powerOfTwo && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16;
}

/** Constant-time comparison against a stored hash; false for a malformed stored value. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * Tiny CLI: reads a password from `input` (first line; stdin, so it stays out of shell history and `ps`) and
 * writes its hash to `output`. Wire as e.g. `aftersales portal hash-password` or run this file with tsx.
 */
export async function runHashPasswordCli(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const password = text.split(/\r?\n/)[0] ?? '';
  output.write(`${await hashPassword(password)}\n`);
}

if (require.main === module) {
  runHashPasswordCli(process.stdin, process.stdout).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
