import { request } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../activities/archive/canonical-json';
import { Client, type Harness, PASSWORD, startPortal } from './fixtures/portal-harness';

let h: Harness;
beforeAll(async () => {
  h = await startPortal({ throttle: { freeAttempts: 3, baseDelayMs: 60_000 } });
});
afterAll(() => h.close());

/** A request with the path sent exactly as written (fetch would normalise dot segments away). */
function rawGet(path: string, cookie: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(h.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers: { cookie } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookieHeader = (c: Client) => [...c.jar].map(([k, v]) => `${k}=${v}`).join('; ');

describe('auditor portal over HTTP', () => {
  it('sends unauthenticated visitors to the login page and refuses unauthenticated posts', async () => {
    const c = new Client(h.url);
    const slash = await c.req('/portal/?period=2026-11');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/portal?period=2026-11');
    const list = await c.req('/portal?period=2026-11');
    expect(list.status).toBe(302);
    expect(list.headers.get('location')).toBe('/portal/login?next=%2Fportal%3Fperiod%3D2026-11');
    expect((await c.req(`/portal/documents/${h.docs[0]!.ref.docId}/download`)).status).toBe(302);
    expect((await c.req('/portal/verify', { method: 'POST', body: new URLSearchParams({}) })).status).toBe(401);
    const login = await c.req('/portal/login');
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('审计人员登录');
    expect(html).toContain('name="viewport"');
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('logs in with the right password, sets a hardened session cookie, and audits both outcomes', async () => {
    const c = new Client(h.url);
    const bad = await c.login('auditor', 'wrong password');
    expect(bad.status).toBe(401);
    expect(await bad.text()).toContain('用户名或密码错误');
    const xss = await c.login('<script>alert(1)</script>', 'x');
    expect(await xss.text()).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    const unknown = await c.login('nobody', PASSWORD);
    expect(unknown.status).toBe(401);

    const ok = await c.login();
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/portal');
    const cookie = ok.headers.getSetCookie().find((s) => s.startsWith('portal_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/portal/);
    expect(cookie).toMatch(/Max-Age=28800/);
    const list = await c.req('/portal');
    expect(list.status).toBe(200);
    const page = await list.text();
    expect(page).toContain('王审计');
    expect(page).toContain('对账单 · 苏州顺达售后');
    expect(page).toContain(h.docs[3]!.ref.sha256.slice(0, 16));

    const events = await h.audit.list({ target: 'auditor' });
    expect(events.map((e) => [e.action, e.detail?.reason])).toEqual(
      expect.arrayContaining([
        ['portal.login.ok', undefined],
        ['portal.login.failed', 'bad-password'],
      ]),
    );
    expect((await h.audit.list({ target: 'nobody' }))[0]?.detail).toMatchObject({
      reason: 'unknown-user',
      ip: '127.0.0.1',
    });
  });

  it('filters the list by period, kind, dealer and text', async () => {
    const c = new Client(h.url);
    await c.login();
    const rows = async (q: string) =>
      [...(await (await c.req(`/portal?${q}`)).text()).matchAll(/\/documents\/(doc_[0-9a-f]{32})"/g)].map((m) => m[1]);
    expect(await rows('period=2026-10')).toEqual([h.docs[0]!.ref.docId]);
    expect(new Set(await rows('kind=statement'))).toEqual(new Set([h.docs[3]!.ref.docId, h.docs[4]!.ref.docId]));
    expect(new Set(await rows('dealerId=D002'))).toEqual(new Set([h.docs[4]!.ref.docId, h.docs[5]!.ref.docId]));
    expect(await rows(`workflowId=${encodeURIComponent('quality-2026-11')}`)).toEqual([h.docs[6]!.ref.docId]);
    expect(await rows(`text=${encodeURIComponent('旧件库')}`)).toEqual([h.docs[2]!.ref.docId]);
    expect(await rows('kind=statement&dealerId=D009')).toEqual([]);
    // A period that is not one is refused by the calendar's one rule, not answered with an empty list.
    const bad = await c.req('/portal?period=2026-13');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('period must look like 2026-11');
  });

  it('slows down brute force: after the free attempts even the right password is refused until the lockout ends', async () => {
    const c = new Client(h.url);
    for (let i = 0; i < 3; i++) expect((await c.login('auditor2', `guess-${i}`)).status).toBe(401);
    const locked = await c.login('auditor2', `${PASSWORD}2`);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(await locked.text()).toContain('尝试次数过多');
    expect((await h.audit.list({ target: 'auditor2' }))[0]?.detail).toMatchObject({ reason: 'throttled' });

    h.clock.nowMs += 61_000;
    expect((await c.login('auditor2', 'guess-4')).status).toBe(401);
    // The lockout doubled: one minute later is still too early.
    h.clock.nowMs += 61_000;
    expect((await c.login('auditor2', `${PASSWORD}2`)).status).toBe(429);
    h.clock.nowMs += 60_000;
    expect((await c.login('auditor2', `${PASSWORD}2`)).status).toBe(303);
  });

  it('refuses posts without a valid CSRF token or from another origin', async () => {
    const anon = new Client(h.url);
    await anon.req('/portal/login');
    const noToken = await anon.postForm('/portal/login', { username: 'auditor', password: PASSWORD });
    expect(noToken.status).toBe(403);
    expect(anon.jar.has('portal_session')).toBe(false);

    const c = new Client(h.url);
    await c.login();
    expect((await c.postForm('/portal/verify', {})).status).toBe(403);
    expect((await c.postForm('/portal/verify', { _csrf: 'forged' })).status).toBe(403);
    const token = await c.csrfFrom('/portal/verify');
    const foreign = await c.postForm('/portal/verify', { _csrf: token }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const crossSite = await c.postForm('/portal/verify', { _csrf: token }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    // Another user's token does not work for this session either.
    const other = new Client(h.url);
    await other.login();
    expect((await c.postForm('/portal/verify', { _csrf: await other.csrfFrom('/portal/verify') })).status).toBe(403);
    expect((await c.postForm('/portal/verify', { _csrf: token })).status).toBe(200);
  });

  it('downloads by id with the exact bytes, the recorded SHA-256 and a UTF-8 file name, and logs it', async () => {
    const c = new Client(h.url);
    await c.login();
    const doc = h.docs[3]!;
    const res = await c.req(`/portal/documents/${doc.ref.docId}/download`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(doc.bytes)).toBe(true);
    expect(res.headers.get('x-content-sha256')).toBe(sha256Hex(bytes));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(doc.meta.fileName)}`,
    );
    const logged = await h.audit.list({ action: 'portal.download', target: doc.ref.docId });
    expect(logged[0]).toMatchObject({ actor: 'auditor', detail: { sha256: doc.ref.sha256 } });

    const detail = await (await c.req(`/portal/documents/${doc.ref.docId}`)).text();
    expect(detail).toContain(doc.ref.sha256);
  });

  it('answers path traversal and odd ids with 404/400 and never reads a file outside the index', async () => {
    await writeFile(join(h.root, 'secret.txt'), 'TOP-SECRET-SENTINEL');
    await writeFile(join(h.root, 'archive', 'secret.txt'), 'TOP-SECRET-SENTINEL');
    const c = new Client(h.url);
    await c.login();
    const before = (await h.audit.list({ action: 'portal.download' })).length;
    const id = h.docs[0]!.ref.docId;
    const paths = [
      '/portal/documents/../../secret.txt/download',
      '/portal/documents/..%2F..%2Fsecret.txt/download',
      '/portal/documents/%2e%2e/%2e%2e/secret.txt/download',
      '/portal/documents/%2e%2e%2fsecret.txt/download',
      '/portal/documents/..%5Csecret.txt/download',
      `/portal/documents/${encodeURIComponent(join(h.root, 'secret.txt'))}/download`,
      `/portal/documents/${encodeURIComponent('/etc/passwd')}/download`,
      '/portal/documents/secret.txt/download',
      '/portal/documents/index.jsonl/download',
      `/portal/documents/${id}%00/download`,
      `/portal/documents/${id}.pdf/download`,
      `/portal/documents/${id.toUpperCase()}/download`,
      `/portal/documents/doc_${'0'.repeat(32)}/download`,
      `/portal/documents/${'a'.repeat(5000)}/download`,
    ];
    for (const p of paths) {
      const res = await rawGet(p, cookieHeader(c));
      expect([400, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('TOP-SECRET-SENTINEL');
    }
    expect((await h.audit.list({ action: 'portal.download' })).length).toBe(before);
  });

  it('verifies an uploaded file: match, altered copy, unknown file, and a pasted hash', async () => {
    const c = new Client(h.url);
    await c.login();
    const doc = h.docs[6]!;
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('_csrf', await c.csrfFrom('/portal/verify-file'));
      form.set('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
      const res = await c.req('/portal/verify-file', { method: 'POST', body: form });
      return { status: res.status, html: await res.text() };
    };
    const same = await upload(doc.bytes, 'from-email.pdf');
    expect(same.html).toContain('data-verdict="matched"');
    expect(same.html).toContain(doc.ref.docId);

    const altered = Buffer.from(doc.bytes);
    altered[20] = altered[20]! ^ 1;
    const changed = await upload(altered, doc.meta.fileName);
    expect(changed.html).toContain('data-verdict="altered"');
    expect(changed.html).toContain(doc.ref.sha256);
    expect(changed.html).toContain(sha256Hex(altered));

    expect((await upload(Buffer.from('something else'), 'other.pdf')).html).toContain('data-verdict="not-found"');

    const pasted = await c.postForm('/portal/verify-file', {
      _csrf: await c.csrfFrom('/portal/verify-file'),
      sha256: doc.ref.sha256.toUpperCase(),
    });
    expect(await pasted.text()).toContain('data-verdict="matched"');
    const checks = await h.audit.list({ action: 'portal.verify-file' });
    expect(checks.map((e) => e.detail?.result)).toEqual(['matched', 'not-found', 'altered', 'matched']);

    const noCsrf = new FormData();
    noCsrf.set('file', new Blob([new Uint8Array(doc.bytes)]), 'x.pdf');
    expect((await c.req('/portal/verify-file', { method: 'POST', body: noCsrf })).status).toBe(403);
  });

  it('verifies the index hash chain and reports tampering', async () => {
    const c = new Client(h.url);
    await c.login();
    const run = async () => c.postForm('/portal/verify', { _csrf: await c.csrfFrom('/portal/verify') });
    const ok = await run();
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('校验通过');
    const file = join(h.root, 'archive', 'index.jsonl');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('"D001"', '"D777"'));
    try {
      const bad = await run();
      expect(bad.status).toBe(409);
      const html = await bad.text();
      expect(html).toContain('校验失败');
      expect(html).toMatch(/line 4: content does not match its entryHash/);
    } finally {
      await writeFile(file, original);
    }
    const runs = await h.audit.list({ action: 'portal.verify-chain' });
    expect(runs.slice(0, 2).map((e) => e.detail?.ok)).toEqual([false, true]);
  });

  it('refuses tampered, expired and signed-out sessions', async () => {
    const c = new Client(h.url);
    await c.login();
    const good = c.jar.get('portal_session')!;
    const [body, mac] = good.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: 'auditor2' }),
    ).toString('base64url');
    const tampered = new Client(h.url);
    tampered.jar.set('portal_session', `${forged}.${mac}`);
    expect((await tampered.req('/portal')).status).toBe(302);

    const pre = new Client(h.url);
    await pre.req('/portal/login');
    pre.jar.set('portal_session', pre.jar.get('portal_pre')!);
    expect((await pre.req('/portal')).status).toBe(302);

    const stolen = new Client(h.url);
    stolen.jar.set('portal_session', good);
    expect((await stolen.req('/portal')).status).toBe(200);
    const logout = await c.postForm('/portal/logout', { _csrf: await c.csrfFrom('/portal') });
    expect(logout.status).toBe(303);
    expect(c.jar.has('portal_session')).toBe(false);
    expect((await stolen.req('/portal')).status).toBe(302);

    const d = new Client(h.url);
    await d.login();
    h.clock.nowMs += 8 * 60 * 60_000 + 1000;
    expect((await d.req('/portal')).status).toBe(302);
  });

  it('rejects an open redirect after login', async () => {
    const c = new Client(h.url);
    const csrf = await c.csrfFrom('/portal/login');
    const res = await c.postForm('/portal/login', {
      username: 'auditor',
      password: PASSWORD,
      _csrf: csrf,
      next: '//evil.example/x',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    const up = new Client(h.url);
    const token = await up.csrfFrom('/portal/login');
    const dotted = await up.postForm('/portal/login', {
      username: 'auditor',
      password: PASSWORD,
      _csrf: token,
      next: '/portal/../admin',
    });
    expect(dotted.headers.get('location')).toBe('/portal');
    const fine = new Client(h.url);
    const t2 = await fine.csrfFrom('/portal/login');
    const deep = await fine.postForm('/portal/login', {
      username: 'auditor',
      password: PASSWORD,
      _csrf: t2,
      next: '/portal?kind=statement',
    });
    expect(deep.headers.get('location')).toBe('/portal?kind=statement');
  });
});
