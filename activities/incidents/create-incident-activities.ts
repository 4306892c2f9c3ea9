/**
 * Activities of the early warning (批量质量问题预警): the daily detection, routing findings to incident
 * workflows, and what an incident does besides rendering PDFs and link mails (those are the platform's):
 * register rows, mails, its policy, releasing its pointer. Wired in worker.ts with typed dependencies.
 */
import { ApplicationFailure } from '@temporalio/common';
import { AppError } from '../../domain/errors';
import type { DataRef } from '../archive/types';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import { appendOnce, type AppendResult } from '../returns/append-once';
import type { TableBackend, TableRef } from '../sheets/types';
import { detectBatchProblems } from './detect-batch-problems';
import type { IncidentPointers } from './incident-pointers';
import { incidentRegister, registerCells } from './incident-register';
import { routeObservations, type IncidentStarter } from './route-observations';
import { sendIncidentMail, type IncidentMailInput } from './send-incident-mail';
import type {
  DetectInput,
  DetectResult,
  EarlyWarningSettings,
  IncidentPolicy,
  IncidentRegisterRow,
  RouteResult,
  RoutedObservation,
} from './types';

export interface IncidentActivityDeps {
  settings: EarlyWarningSettings;
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  pointers: IncidentPointers;
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** Lock files for the register journal. */
  lockDir: string;
  /** Starting and signalling incident workflows (needs a Temporal client; absent on a worker without one). */
  starter?: IncidentStarter;
}

/** Permanent AppErrors become non-retryable failures typed by their code; everything else is retried. */
async function asActivity<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.permanent)
      throw ApplicationFailure.nonRetryable(err.message, err.code, err.context);
    throw err;
  }
}

export function createIncidentActivities(deps: IncidentActivityDeps) {
  const s = deps.settings;
  return {
    /**
     * Reads the quality sources for the baseline and monitored days, judges every part × failure mode and checks
     * open incidents against their frozen baselines. Side effects: work-store blobs (evidence) only; idempotent.
     * Heartbeats while reading. Unreadable sources are listed; with nothing readable it fails non-retryably.
     */
    async detectBatchProblems(input: DetectInput): Promise<DetectResult> {
      return asActivity(() => detectBatchProblems(deps, input));
    },

    /**
     * Signals each finding to its incident, or opens the incident with signal-with-start (one open incident per
     * key, by the pointer files). Idempotent: a retry attaches to the incident the first attempt opened, and an
     * incident ignores a second observation of the same day. Heartbeats per route.
     */
    async routeObservations(input: { routes: RoutedObservation[] }): Promise<RouteResult[]> {
      return asActivity(async () => {
        if (!deps.starter)
          throw new AppError('ConfigError', 'routeObservations needs a Temporal client on this worker');
        return routeObservations({ pointers: deps.pointers, starter: deps.starter, work: deps.work }, input.routes);
      });
    },

    /** The owners, recipients and timings an incident works with, from the worker's config. Read-only. */
    async getIncidentPolicy(): Promise<IncidentPolicy> {
      return s.policy;
    },

    /**
     * Appends one row to the incident register, once per key (`<incident>#<event>[-round]`); a workbook changed
     * meanwhile or locked is retried; a foreign header is permanent.
     */
    async recordIncidentEvent(row: IncidentRegisterRow): Promise<AppendResult> {
      return asActivity(() =>
        appendOnce(deps.backendFor(s.register), incidentRegister(s.register), registerCells(row, s.locale), {
          lockDir: deps.lockDir,
        }),
      );
    },

    /** One incident mail, at most once per (workflow, step, recipient). */
    async sendIncidentMail(input: IncidentMailInput): Promise<SendMailResult> {
      return asActivity(() => sendIncidentMail(deps.mail, input));
    },

    /** Removes the key's pointer if it still names this incident (a closed incident frees its key). */
    async releaseIncidentPointer(input: { key: string; workflowId: string }): Promise<{ released: boolean }> {
      return asActivity(async () => ({
        released: await deps.pointers.withKey(input.key, () => deps.pointers.release(input.key, input.workflowId)),
      }));
    },
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
