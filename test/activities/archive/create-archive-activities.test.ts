import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { AuditLog } from '../../../activities/archive/audit-log';
import { createArchiveActivities } from '../../../activities/archive/create-archive-activities';
import { WorkStore } from '../../../activities/archive/work-store';
import { activityBoundary } from '../../../activities/boundary';
import { meta, pdfBytes, tempRoot } from './fixtures/archive-test-helpers';

describe('createArchiveActivities', () => {
  it('archives bytes from the work store idempotently and records audit events once', async () => {
    const root = await tempRoot('acts-');
    const store = new ArchiveStore({ root });
    const audit = new AuditLog({ root });
    const work = new WorkStore({ root });
    const acts = createArchiveActivities({ store, audit, work });

    const bytes = pdfBytes('质量信息反馈表');
    const content = await work.putBytes(bytes);
    const ref = await acts.archiveDocument({ meta: meta({ kind: 'quality-feedback' }), content });
    expect(await acts.archiveDocument({ meta: meta({ kind: 'quality-feedback' }), content })).toEqual(ref);
    expect((await store.getDocument(ref.docId))?.bytes.equals(bytes)).toBe(true);

    const ev = { actor: 'mgr@example.test', action: 'approval.decision', target: 'wf/step', eventId: 'wf:step:1' };
    const first = await acts.recordAudit(ev);
    expect(await acts.recordAudit(ev)).toEqual(first);
    expect(await audit.list()).toHaveLength(1);
    expect(await acts.verifyArchive()).toMatchObject({ ok: true, entries: 1 });
  });

  it("turns permanent faults into non-retryable failures at the worker's activity boundary", async () => {
    const root = await tempRoot('acts-');
    const acts = createArchiveActivities({
      store: new ArchiveStore({ root }),
      audit: new AuditLog({ root }),
      work: new WorkStore({ root }),
    });
    const env = new MockActivityEnvironment({}, { interceptors: [activityBoundary] });
    const err = await env
      .run(acts.archiveDocument, { meta: meta(), content: { sha256: 'f'.repeat(64) } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ nonRetryable: true, type: 'WorkBlobMissing' });
    const bad = await env
      .run(acts.recordAudit, { actor: 'x', action: 'y', target: 'z', eventId: '' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ nonRetryable: true, type: 'AuditEventInvalid' });
  });
});
