/**
 * One dealer's month without Temporal, as the plain-loop baseline runs it: the first look with the statement PDF
 * (rendered and archived by the look, as in the child), the statement mail and the state commit, by calling the very
 * activity functions the child workflow calls. `time` wraps each step (the profiler times them; the bench passes
 * nothing).
 */
import { randomUUID } from 'node:crypto';
import type { ManifestEntry } from '../../activities/dunning/types';
import { statementNames, statementRender } from '../../domain/dunning';
import type { benchActivities } from './bench-services';
import { type Period } from '../../domain/calendar';

type Activities = ReturnType<typeof benchActivities>['activities'];
type Step = 'look' | 'render+archive' | 'mail' | 'commit';

export interface PlainDealerOptions {
  settingsRef: { sha256: string };
  period: Period;
  runId: string;
  /** Statement link expiry (epoch ms). */
  expiresAt: number;
  time?: <T>(step: Step, fn: () => Promise<T>) => Promise<T>;
  /** The first look renders the statement, as in the child (default); the profiler turns it off to time each apart. */
  renderInLook?: boolean;
}

/** Returns whether a statement went out. */
export async function plainDealerMonth(a: Activities, e: ManifestEntry, o: PlainDealerOptions): Promise<boolean> {
  const time = o.time ?? (<T>(_step: Step, fn: () => Promise<T>) => fn());
  const workflowId = `${o.runId}-${o.period}-${e.dealerId}`;
  const renderInLook = o.renderInLook ?? true;
  const begin = await time('look', () =>
    a.beginDealerMonth({
      settingsRef: o.settingsRef,
      dealerId: e.dealerId,
      shard: e.shard,
      ...(renderInLook ? { statementFor: { workflowId, runId: o.runId } } : {}),
    }),
  );
  const { facts } = begin;
  let sent = false;
  if (facts.statementNeeded && facts.statementDataRef && facts.statementKey) {
    const { fileName } = statementNames(e.dealerId, facts.name, o.period, begin.settings.locale);
    const dataRef = facts.statementDataRef;
    const rendered = begin.statementDocId;
    // Otherwise the document the child renders itself when its look did not (domain/dunning/statement-document.ts).
    const doc = rendered
      ? { docId: rendered }
      : await time('render+archive', () =>
          a.renderDocument(
            statementRender({ ...facts, statementDataRef: dataRef }, begin.settings, { workflowId, runId: o.runId }),
          ),
        );
    const statementKey = facts.statementKey;
    await time('mail', () =>
      a.sendStatementMail({
        workflowId,
        stepId: 'statement',
        jti: randomUUID(),
        expiresAt: o.expiresAt,
        dealerId: e.dealerId,
        dealerName: facts.name,
        email: facts.email,
        period: o.period,
        statementKey,
        docId: doc.docId,
        fileName,
        closingFen: facts.closingFen,
        overdueFen: facts.overdueFen,
        locale: 'zh-CN',
      }),
    );
    sent = true;
  }
  await time('commit', () =>
    a.commitDealerState({
      dealerId: e.dealerId,
      recRef: facts.recRef,
      expectVersion: facts.stateVersion,
      letterSent: false,
      posted: [],
      on: facts.asOf,
      opId: `${workflowId}#1`,
      by: workflowId,
    }),
  );
  return sent;
}
