import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../domain/errors';
import { KeyRing, decodeCanonical, openToken, signToken } from '../../lib/signed-token';

const K1 = 'k1-0123456789abcdef0123456789abcdef';
const K2 = 'k2-0123456789abcdef0123456789abcdef';

describe('signed tokens', () => {
  it('round-trips a JSON payload; the purpose separates uses of one key', () => {
    const ring = new KeyRing([K1]);
    const token = signToken(ring, 'portal.session', { u: 'auditor', exp: 1 });
    expect(openToken(ring, 'portal.session', token)).toEqual({ ok: true, payload: { u: 'auditor', exp: 1 } });
    expect(openToken(ring, 'portal.pre-login', token)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rotates: the first key signs, every key verifies, a dropped key stops verifying', () => {
    const old = signToken(new KeyRing([K1]), 'p', { a: 1 });
    const rotated = new KeyRing([K2, K1]);
    expect(signToken(rotated, 'p', { a: 1 })).toBe(signToken(new KeyRing([K2]), 'p', { a: 1 }));
    expect(openToken(rotated, 'p', old).ok).toBe(true);
    expect(openToken(new KeyRing([K2]), 'p', old).ok).toBe(false);
    expect(
      rotated.verifyText(new KeyRing([K1]).signText([{ purpose: 'f', data: 'x' }]), [{ purpose: 'f', data: 'x' }]),
    ).toBe(true);
  });

  it('needs the whole tag, extra parts included, under one key', () => {
    const ring = new KeyRing([K1, K2]);
    const extra = [{ purpose: 'id', data: 'j1', bytes: 12 }];
    const token = signToken(ring, 'p', { j: 'j1' }, extra);
    const open = (t: string) => openToken(ring, 'p', t, { extra: () => extra });
    expect(open(token).ok).toBe(true);
    const [body, tag] = token.split('.') as [string, string];
    const bytes = Buffer.from(tag, 'base64url');
    // The body tag of K1 with the extra tag of K2: each part genuine, the whole not.
    const mixed = Buffer.concat([bytes.subarray(0, 32), new KeyRing([K2]).sign(extra)]).toString('base64url');
    expect(open(`${body}.${mixed}`)).toMatchObject({ ok: false, reason: 'bad-signature' });
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i]! ^= 1;
      expect(open(`${body}.${flipped.toString('base64url')}`).ok, `byte ${i}`).toBe(false);
    }
    expect(open(`${body}.${bytes.subarray(0, 32).toString('base64url')}`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('accepts only the canonical spelling of each part', () => {
    const ring = new KeyRing([K1]);
    const token = signToken(ring, 'p', { a: 'x' });
    const [body, tag] = token.split('.') as [string, string];
    // 32 bytes = 43 characters whose last one carries 2 unused bits: its siblings decode to the same bytes.
    const last = tag[tag.length - 1]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const siblings = [...alphabet].filter(
      (ch) => ch !== last && Buffer.from(tag.slice(0, -1) + ch, 'base64url').equals(Buffer.from(tag, 'base64url')),
    );
    expect(siblings).toHaveLength(3);
    for (const ch of siblings) expect(openToken(ring, 'p', `${body}.${tag.slice(0, -1)}${ch}`).ok).toBe(false);
    for (const bad of [
      `${body}=.${tag}`,
      `${body}.${tag}=`,
      `${body}.${tag}.`,
      ` ${token}`,
      `${body}.${tag.replace(/-/g, '+')}`,
    ]) {
      if (bad !== token) expect(openToken(ring, 'p', bad).ok, bad).toBe(false);
    }
    expect(decodeCanonical('QQ', 10)).toEqual(Buffer.from('A'));
    expect(decodeCanonical('QR', 10)).toBeNull();
    expect(decodeCanonical('QQ==', 10)).toBeNull();
  });

  it('refuses malformed input without throwing', () => {
    const ring = new KeyRing([K1]);
    const junk = [
      undefined,
      42,
      '',
      '.',
      'a',
      'a.b.c',
      'x'.repeat(5000),
      `${Buffer.from('not json').toString('base64url')}.${'A'.repeat(43)}`,
      `${Buffer.from([0xff, 0xfe]).toString('base64url')}.${'A'.repeat(43)}`,
    ];
    for (const t of junk) expect(openToken(ring, 'p', t)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses missing or short keys with a ConfigError naming what they are for', () => {
    expect(() => new KeyRing([], 'csrfSecret')).toThrow(ConfigError);
    expect(() => new KeyRing('short', 'csrfSecret')).toThrow('csrfSecret #1 is shorter than 32 characters');
  });
});
