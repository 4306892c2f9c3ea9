// Action links over real HTTP — what must NOT happen: GET deciding, CSRF, bad links, wrong people, leaks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createWebApp } from '../../web/app';
import { signActionToken, tokenFingerprint } from '../../lib/action-token';
import { createFormTokens } from '../../web/csrf';
import { stepQuery } from '../../workflows/lib/decision';
import { CSRF_SECRET, TEST_KEYS, linkTokenFor } from '../workflows/lib/decision-test-kit';
import { MANAGER, expectNoInternals, startWebHarness, type HttpOptions, type WebHarness } from './web-test-kit';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('action links over HTTP: security', () => {
  it('serves /healthz and mounts the auditor portal under /portal', async () => {
    const health = await h.http('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: 'ok' });
    const portal = await h.http('/portal/login');
    expect(portal.status).toBe(200);
    expect(portal.text).toContain('<form');
  });

  it('shows the step on GET (summary, figures, preview link, buttons) and GET/HEAD never decide', async () => {
    const { handle, token } = await h.startStep(h.approvalSpec());
    const { page } = await h.openPage(token);
    expect(page.text).toContain('2026-11 新件库盘点差异审批');
    expect(page.text).toContain('盘点行数 1,204，超差行 3');
    expect(page.text).toContain('¥1,234.50');
    expect(page.text).toContain(`/a/${token}/doc/${h.draft.docId}`);
    expect(page.text).toContain('盘点差异报告（草稿）.pdf');
    expect(page.text).toMatch(/<button[^>]+value="approve"[^>]*>\s*批准\s*<\/button>/);
    expect(page.text).toMatch(/<button[^>]+value="reject"[^>]*>\s*驳回\s*<\/button>/);
    expect(page.text).toContain(MANAGER);
    // No cookie: the form token is bound to the link, so several links can be open in one browser.
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).not.toContain('script-src');

    // A mail scanner opening the link (and its preview) many times decides nothing.
    for (let i = 0; i < 3; i++) expect((await h.http(`/a/${token}`)).status).toBe(200);
    expect((await h.http(`/a/${token}`, { method: 'HEAD' })).status).toBe(200);
    expect((await h.http(`/a/${token}/doc/${h.draft.docId}`)).status).toBe(200);
    expect((await handle.query(stepQuery, 'manager-approval'))?.status).toBe('open');
    const history = await handle.fetchHistory();
    expect((history.events ?? []).some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
  });

  it('previews only the step’s own documents, by id', async () => {
    const { token } = await h.startStep(h.approvalSpec());
    const pdf = await h.http(`/a/${token}/doc/${h.draft.docId}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain("filename*=UTF-8''%E7%9B%98");
    expect(pdf.text.startsWith('%PDF-1.4')).toBe(true);
    for (const bad of [
      h.unrelated.docId,
      '..%2F..%2Findex.jsonl',
      '%2E%2E',
      'doc_%00',
      encodeURIComponent('../../archive/index.jsonl'),
    ]) {
      const res = await h.http(`/a/${token}/doc/${bad}`);
      expect(res.status, bad).toBe(404);
      expect(res.text).not.toContain('%PDF');
    }
    const entries = await h.audit.list({ action: 'approval.preview' });
    expect(entries.some((e) => e.actor === MANAGER && e.detail?.docId === h.draft.docId)).toBe(true);
  });

  it('refuses a POST without this link’s form token, or cross-site — and nothing is decided', async () => {
    const { handle, token, grant } = await h.startStep(h.approvalSpec());
    const other = await h.startStep(h.approvalSpec());
    const { csrf } = await h.openPage(token);
    const otherPage = await h.openPage(other.token);
    // What the page would carry if the same link had another expiry (signed with the real secret).
    const otherExpiry = createFormTokens(CSRF_SECRET).issue(tokenFingerprint(token), grant.expiresAt + 1000);
    const flipped = (csrf[0] === 'A' ? 'B' : 'A') + csrf.slice(1);
    const attempts: [string, HttpOptions][] = [
      ['no field (a scanner posting blindly)', { form: { action: 'approve' } }],
      ['empty field', { form: { action: 'approve', _csrf: '' } }],
      ['field of another link', { form: { action: 'approve', _csrf: otherPage.csrf } }],
      ['edited field', { form: { action: 'approve', _csrf: flipped } }],
      ['field bound to another expiry', { form: { action: 'approve', _csrf: otherExpiry } }],
      ['padded field', { form: { action: 'approve', _csrf: `${csrf}=` } }],
      ['cross-site post', { form: { action: 'approve', _csrf: csrf }, headers: { 'sec-fetch-site': 'cross-site' } }],
    ];
    for (const [name, opts] of attempts) {
      const res = await h.http(`/a/${token}`, opts);
      expect(res.status, name).toBe(403);
      expect(res.text, name).toContain('请求已拒绝');
    }
    expect((await handle.query(stepQuery, 'manager-approval'))?.status).toBe('open');
    expect(
      (await h.audit.list({ action: 'approval.refused' })).filter((e) => e.detail?.reason === 'csrf').length,
    ).toBeGreaterThanOrEqual(attempts.length);
  });

  it('shows clear pages for forged, tampered, expired and malformed links, without internals', async () => {
    const { grant, handle, token } = await h.startStep(h.approvalSpec());
    const wf = handle.workflowId;
    const forged = signActionToken(
      {
        workflowId: wf,
        stepId: 'manager-approval',
        actions: ['approve'],
        recipient: MANAGER,
        expiresAt: Date.now() + 3600_000,
        jti: grant.jti,
      },
      { keys: ['attacker-key-0123456789abcdef0123456789'] },
    );
    const [payload, mac] = token.split('.') as [string, string];
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    edited.r = 'intruder@example.com';
    const tampered = `${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`;
    const expired = linkTokenFor(wf, 'manager-approval', ['approve', 'reject'], grant, {
      expiresAt: Date.now() - 1000,
    });
    const cases: [string, string, number, string][] = [
      ['forged', forged, 403, '链接无效'],
      ['tampered', tampered, 403, '链接无效'],
      ['expired', expired, 410, '链接已过期'],
      ['malformed', 'not-a-token', 400, '链接无效'],
    ];
    for (const [name, t, status, text] of cases) {
      for (const res of [
        await h.http(`/a/${t}`),
        await h.http(`/a/${t}`, { form: { action: 'approve' } }),
        await h.http(`/a/${t}/doc/${h.draft.docId}`),
      ]) {
        expect(res.status, name).toBe(status);
        expect(res.text, name).toContain(text);
        expectNoInternals(res.text);
      }
    }
    expect((await h.http(`/a/${expired}?lang=en`)).text).toContain('Link expired');
    const refused = await h.audit.list({ action: 'approval.link-refused' });
    expect(new Set(refused.map((e) => e.detail?.reason))).toEqual(
      new Set(['forged', 'tampered', 'expired', 'malformed']),
    );
    expect((await handle.query(stepQuery, 'manager-approval'))?.status).toBe('open');
  });

  it('refuses a wrong recipient even with a correctly signed link', async () => {
    const { grant, handle } = await h.startStep(h.approvalSpec());
    // Signed with our key (as if the key leaked): the workflow still only accepts the grant's own recipient.
    const intruder = linkTokenFor(handle.workflowId, 'manager-approval', ['approve', 'reject'], {
      ...grant,
      recipient: 'intruder@example.com',
    });
    const get = await h.http(`/a/${intruder}`);
    expect(get.status).toBe(403);
    expect(get.text).toContain('无权处理');
    // The page is refused, so make the form token the intruder's link would carry (the CSRF secret leaked too).
    const post = await h.http(`/a/${intruder}`, {
      form: {
        action: 'approve',
        _csrf: createFormTokens(CSRF_SECRET).issue(
          tokenFingerprint(intruder),
          Math.floor(grant.expiresAt / 1000) * 1000,
        ),
      },
    });
    expect(post.status).toBe(403);
    expect(post.text).toContain('无权处理');
    expect((await handle.query(stepQuery, 'manager-approval'))?.status).toBe('open');
  });

  it('answers 503 with a plain page when Temporal cannot be reached', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const offline = createWebApp({
      temporal: new Client({ connection }),
      tokens: TEST_KEYS,
      csrfSecret: CSRF_SECRET,
      documents: { getDocument: async () => null },
      queryTimeoutMs: 1500,
      onError: () => undefined,
    });
    const token = linkTokenFor('wf-x', 'step-x', ['approve'], {
      jti: 'j',
      recipient: MANAGER,
      expiresAt: Date.now() + 60_000,
      event: 'request',
    });
    const res = await offline.request(`/a/${token}`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('服务暂时不可用');
    expectNoInternals(text);
  });
});
