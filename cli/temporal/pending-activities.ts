import type { WorkflowExecutionDescription } from '@temporalio/client';
import { defaultPayloadConverter, optionalTsToMs, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { FailureTiming } from '../../domain/failure-kinds';
import { describeFailure, describeRetrying, type Locale } from './describe-failure';

type ProtoFailure = temporal.api.failure.v1.IFailure;

/** One activity a running workflow is in, as status shows it. */
export interface PendingActivityView {
  activityType: string;
  /** The attempt running or scheduled next (1 = first try). */
  attempt: number;
  /** When this activity was first scheduled (ISO): "since" in "自 10:02 起已重试 7 次". */
  since: string;
  /** Set while it is failing: the cause in plain words, the failure type and the raw message. */
  failing?: { cause: string; type?: string; message: string };
  /** The progress its last heartbeat carried (e.g. rows read). */
  progress?: unknown;
  lastHeartbeatAt?: string;
  nextAttemptAt?: string;
}

const TIMEOUT_KIND: Record<number, string> = {
  1: 'start-to-close',
  2: 'schedule-to-start',
  3: 'schedule-to-close',
  4: 'heartbeat',
};

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function decodeAll(payloads: { payloads?: unknown[] | null } | null | undefined): unknown[] {
  return (payloads?.payloads ?? []).map((p) => {
    try {
      return defaultPayloadConverter.fromPayload(p as Payload);
    } catch {
      return undefined;
    }
  });
}

function failureFacts(f: ProtoFailure): { type?: string; message: string; details: unknown[] } {
  if (f.timeoutFailureInfo) {
    return {
      type: `Timeout:${TIMEOUT_KIND[Number(f.timeoutFailureInfo.timeoutType)] ?? '?'}`,
      message: f.message ?? '',
      details: [],
    };
  }
  const app = f.applicationFailureInfo;
  return { ...(app?.type ? { type: app.type } : {}), message: f.message ?? '', details: decodeAll(app?.details) };
}

/**
 * The activities a workflow is in, from its description: for each, how far it got (heartbeat progress) and, when
 * it is failing, which failure, since when and how often — in the operator's words.
 */
export function pendingActivities(d: WorkflowExecutionDescription, locale: Locale = 'zh-CN'): PendingActivityView[] {
  return (d.raw.pendingActivities ?? []).map((a) => {
    const facts = a.lastFailure ? failureFacts(a.lastFailure) : undefined;
    const timing = facts?.details.find(
      (x): x is FailureTiming => !!x && typeof x === 'object' && 'firstScheduledAt' in x,
    );
    const since =
      timing?.firstScheduledAt ??
      iso(optionalTsToMs(a.scheduledTime) ?? optionalTsToMs(a.lastStartedTime)) ??
      new Date(0).toISOString();
    const progress = decodeAll(a.heartbeatDetails)[0];
    const context = facts?.details[0];
    return {
      activityType: a.activityType?.name ?? '?',
      attempt: a.attempt ?? 1,
      since,
      ...(facts
        ? {
            failing: {
              cause: describeFailure(
                {
                  ...(facts.type ? { type: facts.type } : {}),
                  message: facts.message,
                  ...(context && typeof context === 'object' && !Array.isArray(context)
                    ? { context: context as Record<string, unknown> }
                    : {}),
                },
                locale,
              ),
              ...(facts.type ? { type: facts.type } : {}),
              message: facts.message,
            },
          }
        : {}),
      ...(progress !== undefined && progress !== null ? { progress } : {}),
      ...(a.lastHeartbeatTime ? { lastHeartbeatAt: iso(optionalTsToMs(a.lastHeartbeatTime)) } : {}),
      ...(a.nextAttemptScheduleTime ? { nextAttemptAt: iso(optionalTsToMs(a.nextAttemptScheduleTime)) } : {}),
    };
  });
}

/** One line for a failing activity: "renderDocument: 磁盘已满，无法写入 …（自 10:02 起已重试 7 次）". */
export function failingLine(a: PendingActivityView, local: (iso: string) => string, locale: Locale = 'zh-CN'): string {
  return `${a.activityType}: ${describeRetrying(a.failing?.cause ?? '', local(a.since), Math.max(0, a.attempt - 1), locale)}`;
}
