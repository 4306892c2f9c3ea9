import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../domain/errors';
import { signActionToken, tokenFingerprint, verifyActionToken, type ActionTokenClaims } from '../../lib/action-token';

const K1 = 'k1-0123456789abcdef0123456789abcdef';
const K2 = 'k2-0123456789abcdef0123456789abcdef';
const K3 = 'k3-0123456789abcdef0123456789abcdef';
const NOW = Date.parse('2026-11-30T08:00:00Z');

const claims: ActionTokenClaims = {
  workflowId: 'stocktake-2026-11-new',
  stepId: 'manager-approval',
  actions: ['approve', 'reject'],
  recipient: 'Manager@Example.com',
  expiresAt: NOW + 3600_000,
  jti: 'b7c1f9a2-0000-4000-8000-000000000001',
  locale: 'zh-CN',
};

function editPayload(token: string, edit: (p: Record<string, unknown>) => void): string {
  const [payload, mac] = token.split('.') as [string, string];
  const obj = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(obj);
  return `${Buffer.from(JSON.stringify(obj)).toString('base64url')}.${mac}`;
}

describe('action tokens', () => {
  it('round-trips the claims, lower-casing the recipient and keeping second precision', () => {
    const token = signActionToken(claims, { keys: [K1] });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(400);
    const result = verifyActionToken(token, { keys: [K1] }, NOW);
    expect(result).toEqual({ ok: true, claims: { ...claims, recipient: 'manager@example.com' } });
  });

  it('is deterministic for the same claims and key (a retried activity mails the same link)', () => {
    expect(signActionToken(claims, { keys: [K1] })).toBe(signActionToken(claims, { keys: [K1] }));
    expect(signActionToken(claims, { keys: [K1] })).not.toBe(signActionToken(claims, { keys: [K2] }));
  });

  it('reports a token signed with an unknown key as forged', () => {
    const token = signActionToken(claims, { keys: [K3] });
    expect(verifyActionToken(token, { keys: [K1, K2] }, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('reports a made-up signature as forged', () => {
    const token = signActionToken(claims, { keys: [K1] });
    const [payload] = token.split('.');
    const fakeMac = Buffer.alloc(44, 7).toString('base64url');
    expect(verifyActionToken(`${payload}.${fakeMac}`, { keys: [K1] }, NOW).ok).toBe(false);
    expect(verifyActionToken(`${payload}.${fakeMac}`, { keys: [K1] }, NOW)).toMatchObject({ reason: 'forged' });
  });

  it.each([
    ['recipient', (p: Record<string, unknown>) => void (p.r = 'someone.else@example.com')],
    ['expiry', (p: Record<string, unknown>) => void (p.e = (p.e as number) + 86400 * 30)],
    ['actions', (p: Record<string, unknown>) => void (p.a = ['approve'])],
    ['step', (p: Record<string, unknown>) => void (p.s = 'credit-hold')],
    ['workflow', (p: Record<string, unknown>) => void (p.w = 'dunning-2026-11')],
  ])('reports an edited %s as tampered', (_field, edit) => {
    const token = editPayload(signActionToken(claims, { keys: [K1] }), edit);
    expect(verifyActionToken(token, { keys: [K1] }, NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('reports a changed jti as forged (the jti tag no longer matches either)', () => {
    const token = editPayload(signActionToken(claims, { keys: [K1] }), (p) => void (p.j = 'another-jti'));
    expect(verifyActionToken(token, { keys: [K1] }, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('reports a genuine token past its expiry as expired, with its claims for the page', () => {
    const token = signActionToken(claims, { keys: [K1] });
    expect(verifyActionToken(token, { keys: [K1] }, claims.expiresAt - 1000).ok).toBe(true);
    const late = verifyActionToken(token, { keys: [K1] }, claims.expiresAt);
    expect(late).toMatchObject({ ok: false, reason: 'expired', claims: { stepId: 'manager-approval' } });
  });

  it('does not call a tampered expired token "expired"', () => {
    const token = editPayload(
      signActionToken({ ...claims, expiresAt: NOW - 1000 }, { keys: [K1] }),
      (p) => void (p.r = 'x@example.com'),
    );
    expect(verifyActionToken(token, { keys: [K1] }, NOW)).toEqual({ ok: false, reason: 'tampered' });
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['three parts', 'a.b.c'],
    ['bad characters', 'ab+c/.def='],
    ['short mac', `${Buffer.from('{}').toString('base64url')}.${Buffer.alloc(10).toString('base64url')}`],
    ['non-JSON payload', `${Buffer.from('not json').toString('base64url')}.${Buffer.alloc(44).toString('base64url')}`],
    [
      'wrong version',
      `${Buffer.from(JSON.stringify({ v: 2 })).toString('base64url')}.${Buffer.alloc(44).toString('base64url')}`,
    ],
    ['huge', 'a'.repeat(5000) + '.' + 'b'.repeat(59)],
  ])('reports a %s token as malformed', (_name, token) => {
    expect(verifyActionToken(token, { keys: [K1] }, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rotates keys: the first key signs, every listed key verifies, a dropped key stops verifying', () => {
    const oldToken = signActionToken(claims, { keys: [K1] });
    const rotated = { keys: [K2, K1] };
    const newToken = signActionToken(claims, rotated);
    expect(newToken).toBe(signActionToken(claims, { keys: [K2] }));
    expect(verifyActionToken(oldToken, rotated, NOW).ok).toBe(true);
    expect(verifyActionToken(newToken, rotated, NOW).ok).toBe(true);
    expect(verifyActionToken(oldToken, { keys: [K2] }, NOW)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses missing or short keys with a ConfigError', () => {
    expect(() => signActionToken(claims, { keys: [] })).toThrow(ConfigError);
    expect(() => verifyActionToken('a.b', { keys: ['short'] })).toThrow(/shorter than 32/);
  });

  it('fingerprints are short, stable and reveal nothing usable', () => {
    const token = signActionToken(claims, { keys: [K1] });
    expect(tokenFingerprint(token)).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenFingerprint(token)).toBe(tokenFingerprint(token));
    expect(token).not.toContain(tokenFingerprint(token));
  });
});
