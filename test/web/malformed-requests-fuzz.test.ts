// Malformed requests to every route — bad multipart, oversized bodies, wrong content types, broken percent-escapes
// and UTF-8, odd methods, bad tokens and cookies, unparseable requests — get a 4xx page in the person's language
// (zh-CN by default, English by ?lang= or Accept-Language), never a 5xx or a stack trace. Seeded and bounded:
// FUZZ_SEED=<n> replays a run; the seed is printed. Loopback only.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../activities/sheets/samples/random';
import { stepQuery } from '../../workflows/lib/decision';
import { linkTokenFor } from '../workflows/lib/decision-test-kit';
import { expectNoInternals, startWebHarness, type WebHarness } from './web-test-kit';

const REQUESTS = 640;
const PASSWORD = 'fuzz-auditor-password-2026';
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The language the page must be in. */
  lang: 'zh-CN' | 'en';
}

let h: WebHarness;
const faults: string[] = [];
let token = '';
let expired = '';
let docId = '';
let session = '';
let sessionCsrf = '';

beforeAll(async () => {
  h = await startWebHarness({
    auditorPassword: PASSWORD,
    maxUploadBytes: 64 * 1024,
    onError: (err, where) => faults.push(`${where}: ${String(err)}`),
  });
  const step = await h.startStep(h.approvalSpec());
  token = step.token;
  expired = linkTokenFor(step.handle.workflowId, 'manager-approval', ['approve', 'reject'], step.grant, {
    expiresAt: Date.now() - 60_000,
  });
  docId = h.draft.docId;
  // Sign in to the portal as a browser would, to reach the routes behind the sign-in too.
  const form = await fetch(`${h.server.url}/portal/login`);
  const pre = form.headers.getSetCookie()[0]!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await fetch(`${h.server.url}/portal/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'auditor', password: PASSWORD, _csrf: csrf }).toString(),
  });
  session = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('portal_session='))!
    .split(';')[0]!;
  const verify = await fetch(`${h.server.url}/portal/verify`, { headers: { cookie: session } });
  sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(await verify.text())![1]!;
});

afterAll(async () => {
  await h?.close();
});

function generate(rng: Rng, n: number, systematic: boolean): Case[] {
  const pick = <T>(list: readonly T[]): T => rng.pick(list);
  const tokens = [
    () => token,
    () => expired,
    () => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
    () => 'not-a-token',
    () => '%E0%A4%A',
    () => '%',
    () => 'a'.repeat(5000),
    () => encodeURIComponent('../../etc/passwd'),
    () => `${token}%00`,
  ];
  const ids = [() => docId, () => 'doc_' + '0'.repeat(32), () => '..%2F..%2Findex.jsonl', () => '%ZZ', () => '%C3%28'];
  const paths = [
    () => '/healthz',
    () => '/assets/app.css',
    () => `/a/${pick(tokens)()}`,
    () => `/a/${pick(tokens)()}/doc/${pick(ids)()}`,
    () => '/portal/login',
    () => '/portal/logout',
    () => '/portal',
    () => `/portal/documents/${pick(ids)()}`,
    () => `/portal/documents/${pick(ids)()}/download`,
    () => '/portal/verify',
    () => '/portal/verify-file',
    () =>
      pick(['/', '/%', '/a', '/a/', '/portal/', '//portal', '/portal/%2e%2e/healthz', '/%F0%9F%92%A9', '/x/%C0%AF']),
  ];
  const methods = ['GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
  const boundary = '----fuzz' + rng.int(0, 1e9);
  const bodies: (() => { type?: string; body?: Buffer })[] = [
    () => ({}),
    () => ({
      type: 'application/x-www-form-urlencoded',
      body: Buffer.from(`action=approve&_csrf=${pick([sessionCsrf, 'x', ''])}&comment=%E6%B5%8B`),
    }),
    () => ({
      type: 'application/x-www-form-urlencoded',
      body: Buffer.from('action=%ZZ&comment=%E0%A4%A&%=1&==&_csrf=%'),
    }),
    () => ({
      type: 'application/x-www-form-urlencoded',
      body: Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x26, 0x62, 0x3d, 0xe2, 0x82]),
    }),
    () => ({ type: `multipart/form-data; boundary=${boundary}`, body: Buffer.from('garbage without any boundary') }),
    () => ({
      type: 'multipart/form-data',
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--${boundary}--\r\n`),
    }),
    () => ({
      type: `multipart/form-data; boundary=${boundary}`,
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 truncated`,
      ),
    }),
    () => ({
      type: `multipart/form-data; boundary=${boundary}`,
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${sessionCsrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4\r\n--${boundary}--\r\n`,
      ),
    }),
    () => ({ type: 'application/json', body: Buffer.from('{"action":"approve"') }),
    () => ({ type: 'text/plain; charset=utf-8', body: Buffer.from('action=approve') }),
    () => ({ type: 'application/x-www-form-urlencoded', body: Buffer.alloc(100 * 1024, 0x61) }),
    () => ({ type: 'application/x-www-form-urlencoded', body: Buffer.alloc(200 * 1024, 0x61) }),
    () => ({ type: `multipart/form-data; boundary=${boundary}`, body: Buffer.alloc(200 * 1024, 0x2d) }),
    () => ({
      type: 'application/x-www-form-urlencoded; charset=shift_jis',
      body: Buffer.from([0x82, 0xa0, 0x3d, 0x82]),
    }),
  ];
  const cases: Case[] = [];
  if (systematic) {
    // Every body against every route that takes a body, signed in and with a genuine link, in both languages.
    const targets = [
      `/a/${token}`,
      '/portal/login',
      '/portal/logout',
      '/portal/verify',
      '/portal/verify-file',
      '/healthz',
    ];
    for (const [t, path] of targets.entries()) {
      for (const [b, body] of bodies.entries()) {
        const made = body();
        const lang = (t + b) % 2 ? 'en' : 'zh-CN';
        cases.push({
          method: 'POST',
          path,
          headers: {
            cookie: session,
            'sec-fetch-site': 'same-origin',
            'accept-language': lang === 'en' ? 'en-GB,en;q=0.9' : 'zh-CN',
            ...(made.type ? { 'content-type': made.type } : {}),
          },
          ...(made.body ? { body: made.body } : {}),
          lang,
        });
      }
    }
    return cases;
  }
  for (let i = 0; i < n; i++) {
    const method = pick(methods);
    const query = pick(['', '?lang=en', '?lang=zh', '?lang=%ZZ', '?next=%E0%A4%A&x=%', '?page=-1&kind=%00']);
    const acceptLanguage = pick([
      undefined,
      'en-US,en;q=0.9',
      'zh-CN,zh;q=0.9,en;q=0.8',
      'fr-FR',
      'de;q=0.5, en;q=0.4',
      '%%%',
    ]);
    const headers: Record<string, string> = {};
    if (acceptLanguage) headers['accept-language'] = acceptLanguage;
    const cookie = pick([
      undefined,
      undefined,
      session,
      'portal_session=garbage.garbage',
      'portal_session=%E0%A4%A',
      'portal_pre=a.b',
    ]);
    if (cookie) headers.cookie = cookie;
    const site = pick([undefined, undefined, 'same-origin', 'cross-site', 'none']);
    if (site) headers['sec-fetch-site'] = site;
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const b = pick(bodies)();
      if (b.type) headers['content-type'] = b.type;
      body = b.body;
    }
    const langQuery = query === '?lang=en' ? 'en' : query === '?lang=zh' ? 'zh-CN' : undefined;
    const langAccept =
      acceptLanguage?.startsWith('en') || acceptLanguage?.startsWith('de;q=0.5')
        ? 'en'
        : acceptLanguage?.startsWith('zh')
          ? 'zh-CN'
          : undefined;
    cases.push({
      method,
      path: pick(paths)() + query,
      headers,
      ...(body ? { body } : {}),
      lang: langQuery ?? langAccept ?? 'zh-CN',
    });
  }
  return cases;
}

/** Requests Node cannot parse, written to the socket as they are. */
function rawRequest(bytes: string): Promise<string> {
  const { port } = new URL(h.server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('utf8')));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
    socket.write(bytes);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
  });
}

describe('malformed requests: a 4xx page in the person’s language, never a 500', () => {
  it(`answers ${REQUESTS} generated requests over every route with < 500 and a readable page`, async () => {
    console.log(`[fuzz] seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const systematic = generate(createRng(SEED), 0, true);
    const cases = [...systematic, ...generate(createRng(SEED), REQUESTS, false)];
    const statuses = new Map<number, number>();
    for (const [i, c] of cases.entries()) {
      const label = `#${i} ${c.method} ${c.path.slice(0, 120)} ${JSON.stringify(c.headers).slice(0, 200)} (seed ${SEED})`;
      const res = await fetch(`${h.server.url}${c.path}`, {
        method: c.method,
        headers: c.headers,
        redirect: 'manual',
        ...(c.body ? { body: new Uint8Array(c.body) } : {}),
      }).catch((err: Error) => {
        throw new Error(`${label}: ${err.message} (${String(err.cause)})`);
      });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, label).toBeLessThan(500);
      expectNoInternals(text);
      if (res.status >= 400 && c.method !== 'HEAD') {
        expect(res.headers.get('content-type'), label).toMatch(/^text\/html; charset=utf-8/i);
        expect(text, label).toContain(`<html lang="${c.lang}">`);
      }
    }
    expect(faults).toEqual([]);
    console.log(
      `[fuzz] ${cases.length} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    // The real step is still answered normally afterwards.
    expect(['open', 'decided']).toContain(
      (await (await h.startStep(h.approvalSpec())).handle.query(stepQuery, 'manager-approval'))?.status,
    );
  });

  it('answers requests Node cannot parse with a 4xx page in both languages', async () => {
    const cases: [string, string][] = [
      ['broken request line', 'GARBAGE\r\n\r\n'],
      ['bad header', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'],
      ['unknown method', 'FROB /a/x HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['huge header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
      ['huge path', `GET /a/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['bad chunked body', 'POST /a/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n'],
    ];
    for (const [name, bytes] of cases) {
      const reply = await rawRequest(bytes);
      expect(reply, name).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(reply, name).toContain('请求无效');
      expect(reply, name).toContain('Bad request');
      expectNoInternals(reply);
    }
  });
});
