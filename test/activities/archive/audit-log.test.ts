import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../activities/archive/audit-log';
import { tempRoot } from './fixtures/archive-test-helpers';

describe('AuditLog', () => {
  it('appends hash-chained events, is idempotent by eventId, and lists newest first', async () => {
    const root = await tempRoot('audit-');
    const audit = new AuditLog({ root, now: () => new Date('2026-12-01T08:00:00Z') });
    await audit.record({
      actor: 'auditor1',
      action: 'portal.login.ok',
      target: 'auditor1',
      detail: { ip: '127.0.0.1' },
    });
    const d1 = await audit.record({
      actor: 'manager@example.test',
      action: 'approval.decision',
      target: 'stocktake-2026-11/approve-posting',
      detail: { decision: 'approve', comment: '同意' },
      eventId: 'stocktake-2026-11:approve-posting',
    });
    const again = await audit.record({
      actor: 'manager@example.test',
      action: 'approval.decision',
      target: 'stocktake-2026-11/approve-posting',
      eventId: 'stocktake-2026-11:approve-posting',
    });
    expect(again.seq).toBe(d1.seq);
    expect(again.entryHash).toBe(d1.entryHash);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => audit.record({ actor: 'a', action: 'portal.download', target: `doc${i}` })),
    );
    const all = await audit.list();
    expect(all).toHaveLength(22);
    expect(all[0]?.seq).toBe(22);
    expect((await audit.list({ action: 'approval.decision' }))[0]).toMatchObject({
      at: '2026-12-01T08:00:00.000Z',
      detail: { comment: '同意' },
    });
    expect(await audit.list({ action: 'portal.download', limit: 5 })).toHaveLength(5);
    expect(await audit.verifyChain()).toMatchObject({ ok: true, entries: 22 });
    await expect(audit.record({ actor: '', action: 'x', target: 'y' })).rejects.toThrow(/actor/);
  });

  it('detects an edited audit entry', async () => {
    const root = await tempRoot('audit-');
    const audit = new AuditLog({ root });
    await audit.record({ actor: 'auditor1', action: 'portal.login.failed', target: 'auditor1' });
    await audit.record({ actor: 'auditor1', action: 'portal.login.ok', target: 'auditor1' });
    const file = join(root, 'audit', 'audit-log.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')).replace('portal.login.failed', 'portal.login.ok'));
    expect(await audit.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 1, code: 'entry-hash' });
  });
});
