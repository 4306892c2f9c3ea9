import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { AuditLog } from '../../../activities/archive/audit-log';
import { ConfigError } from '../../../domain/errors';
import { createPortalRoutes } from '../../../web/portal/create-portal-routes';
import { hashPassword, parsePasswordHash, runHashPasswordCli, verifyPassword } from '../../../web/portal/password-hash';
import { tempRoot } from '../../activities/archive/fixtures/archive-test-helpers';

const FAST = { N: 2 ** 14, r: 8, p: 1 };

describe('portal password hashes', () => {
  it('hashes with scrypt in the documented format and verifies only the right password', async () => {
    const stored = await hashPassword('审计员的密码 2026', FAST);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('审计员的密码 2026', stored)).toBe(true);
    expect(await verifyPassword('审计员的密码 2027', stored)).toBe(false);
    expect(await hashPassword('审计员的密码 2026', FAST)).not.toBe(stored);
    await expect(hashPassword('short', FAST)).rejects.toThrow(/8 characters/);
  });

  it('rejects malformed or absurd stored hashes instead of running them', async () => {
    expect(parsePasswordHash('plaintext')).toBeNull();
    expect(
      parsePasswordHash('scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='),
    ).toBeNull();
    expect(
      parsePasswordHash('scrypt$16383$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='),
    ).toBeNull();
    expect(await verifyPassword('x', 'scrypt$16384$8$1$$')).toBe(false);
  });

  it('has a CLI that reads the password from stdin and prints a hash with the OWASP default parameters', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d: Buffer) => (printed += d.toString()));
    input.end('cli-password-123\nignored\n');
    await runHashPasswordCli(input, output);
    expect(parsePasswordHash(printed.trim())).toMatchObject({ N: 131072, r: 8, p: 1 });
    expect(await verifyPassword('cli-password-123', printed.trim())).toBe(true);
  });

  it('refuses to start with a short secret or a malformed account hash, naming the account', async () => {
    const root = await tempRoot('portal-cfg-');
    const base = { store: new ArchiveStore({ root }), audit: new AuditLog({ root }) };
    const good = { username: 'a', passwordHash: await hashPassword('password-a', FAST) };
    expect(() => createPortalRoutes({ ...base, accounts: [good], sessionSecret: 'short' })).toThrow(ConfigError);
    expect(() =>
      createPortalRoutes({
        ...base,
        accounts: [good, { username: 'bob', passwordHash: 'md5:abc' }],
        sessionSecret: 'x'.repeat(32),
      }),
    ).toThrow(/"bob"/);
  });

  it('renders English when configured', async () => {
    const root = await tempRoot('portal-en-');
    const app = createPortalRoutes({
      store: new ArchiveStore({ root }),
      audit: new AuditLog({ root }),
      accounts: [],
      sessionSecret: 'y'.repeat(32),
      locale: 'en',
      basePath: '',
    });
    const res = await app.request('/login');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Auditor sign-in');
    expect((await app.request('/')).headers.get('location')).toBe('/login?next=%2F');
  });
});
