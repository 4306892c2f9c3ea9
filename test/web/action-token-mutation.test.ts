// A real link from a real mail, edited one character at a time at every position (every other base64url
// character, the dot, deletions, insertions): not one edit is accepted, by the verifier or over HTTP, and the
// genuine link still decides afterwards. One grant, one working link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFingerprint, verifyActionToken } from '../../lib/action-token';
import { stepQuery } from '../../workflows/lib/decision';
import { TEST_KEYS } from '../workflows/lib/decision-test-kit';
import { MANAGER, startMailedLinks, type MailedLinks } from './mailed-links-kit';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let stack: MailedLinks;
beforeAll(async () => {
  stack = await startMailedLinks();
});
afterAll(async () => {
  await stack?.close();
});

/** Every token one edit away: each position replaced by every other character (and '.'), deleted, or preceded by an insertion. */
function oneEditAway(token: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= token.length; i++) {
    for (const ch of `${ALPHABET}.`) {
      if (i < token.length && ch !== token[i]) out.add(token.slice(0, i) + ch + token.slice(i + 1));
      out.add(token.slice(0, i) + ch + token.slice(i));
    }
    if (i < token.length) out.add(token.slice(0, i) + token.slice(i + 1));
  }
  out.delete(token);
  return [...out];
}

describe('action token: a change to any character is refused', () => {
  it('refuses every one-character edit of a mailed link; the genuine link still decides', async () => {
    const handle = await stack.start({ steps: [{ spec: stack.approvalSpec('2026-11 新件库盘点差异审批'), wait: {} }] });
    const { token, link } = await stack.linkFromMail('【待处理】2026-11 新件库盘点差异审批');
    const now = Date.now();
    expect(verifyActionToken(token, TEST_KEYS, now)).toMatchObject({ ok: true, claims: { recipient: MANAGER } });

    const edits = oneEditAway(token);
    expect(edits.length).toBeGreaterThan(token.length * 120);
    const accepted = edits.filter((t) => verifyActionToken(t, TEST_KEYS, now).ok);
    expect(accepted).toEqual([]);
    // The tag's last characters (where non-canonical base64 bits hid) and an all-zero tag are refused too.
    const [body, tag] = token.split('.') as [string, string];
    expect(verifyActionToken(`${body}.${'A'.repeat(tag.length)}`, TEST_KEYS, now).ok).toBe(false);

    // Over HTTP: one substitution at every position, GET and POST (with the genuine page's form token).
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const statuses = new Map<number, number>();
    for (let i = 0; i < token.length; i++) {
      const ch = ALPHABET[(ALPHABET.indexOf(token[i]!) + 1) % ALPHABET.length]!;
      const edited = token.slice(0, i) + (token[i] === '.' ? 'A' : ch) + token.slice(i + 1);
      const get = await fetch(`${stack.server.url}/a/${edited}`);
      const post = await fetch(`${stack.server.url}/a/${edited}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action: 'approve', _csrf: csrf }).toString(),
      });
      for (const res of [get, post]) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(await res.text()).toMatch(/链接无效/);
      }
    }
    expect([...statuses.keys()].every((s) => s === 400 || s === 403)).toBe(true);
    expect((await handle.query(stepQuery, 'manager-approval'))?.status).toBe('open');

    const decided = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'approve', _csrf: csrf }).toString(),
    });
    expect(decided.status).toBe(200);
    expect((await handle.result()).outcomes['manager-approval']?.decision).toMatchObject({ decidedBy: MANAGER });
    const decisions = await stack.audit.list({ action: 'approval.decision' });
    expect(decisions.filter((e) => e.target === `${handle.workflowId}/manager-approval`)).toMatchObject([
      { detail: { tokenFingerprint: tokenFingerprint(token) } },
    ]);
    console.log(
      `[token-mutation] token ${token.length} chars; ${edits.length} one-character edits refused by the verifier; ` +
        `${token.length * 2} edited requests over HTTP answered ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
