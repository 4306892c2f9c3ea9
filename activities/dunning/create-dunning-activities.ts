/**
 * The dunning activities, wired from typed dependencies (worker.ts builds them with createDunningServices).
 * Workflows `import type` the returned shape.
 */
import { join } from 'node:path';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import type { TableBackend, TableRef } from '../sheets/types';
import type { TokenKeys } from '../../lib/action-token';
import { ChargeJournal } from './charge-journal';
import type { RenderDocumentInput } from '../pdf/create-pdf-activities';
import { createDealerActivities } from './dealer-activities';
import { createDunningMailActivities } from './dunning-mail-activities';
import { DunningStateStore } from './dunning-state-store';
import { createFinanceReportActivities } from './finance-report';
import { createLedgerSnapshots, type LedgerSnapshots } from './ledger-snapshot';
import { createLetterDocumentActivities } from './letter-document';
import { DocumentNumbers } from '../numbering/document-numbers';
import { createPrepareActivities } from './prepare-dunning-run';
import type { DunningSettings } from './types';
import { createExcelCreditHoldWriter, type CreditHoldWriter } from './write-credit-hold';

export interface DunningActivityDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  archive: { putDocument(bytes: Uint8Array, meta: ArchiveMeta): Promise<ArchiveRef> };
  /** The table backend for a source (Excel folder or Google Sheets). */
  backendFor: (ref: TableRef) => TableBackend;
  holdWriter: CreditHoldWriter;
  state: DunningStateStore;
  journal: ChargeJournal;
  /** Human letter numbers (CK-2026-11-D0042-01). */
  numbers: DocumentNumbers;
  /** Per-dealer month results for the finance report. */
  resultsDir: string;
  /** The platform's sendMail (sent-log idempotency). */
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** The PDF activity's renderDocument: the first look of a dealer's month renders its statement with it. */
  render: (input: RenderDocumentInput) => Promise<ArchiveRef>;
  signer: TokenKeys;
  publicBaseUrl: string;
  timeZone?: string;
  senderName?: string;
  /** Shared snapshot cache (tests and the bench pass their own to observe it). */
  snapshots?: LedgerSnapshots;
}

/** State store, charge journal, results folder and credit-hold writer under the data root (`<root>/dunning/`). */
export function createDunningServices(opts: {
  root: string;
  /** Absolute path of an Excel TableRef (the Excel backend's resolvePath). */
  resolveExcelPath: (ref: TableRef) => string;
}): Pick<DunningActivityDeps, 'state' | 'journal' | 'resultsDir' | 'holdWriter' | 'numbers'> {
  const dir = join(opts.root, 'dunning');
  return {
    numbers: new DocumentNumbers(opts.root),
    state: new DunningStateStore({ dir: join(dir, 'state') }),
    journal: new ChargeJournal({ dir: join(dir, 'charges') }),
    resultsDir: join(dir, 'results'),
    holdWriter: createExcelCreditHoldWriter({ resolvePath: opts.resolveExcelPath, lockDir: join(dir, 'locks') }),
  };
}

export function createDunningActivities(deps: DunningActivityDeps) {
  const snapshots = deps.snapshots ?? createLedgerSnapshots({ backendFor: deps.backendFor, work: deps.work });
  const settingsCache = new Map<string, Promise<DunningSettings>>();
  const settings = (ref: DataRef): Promise<DunningSettings> => {
    let hit = settingsCache.get(ref.sha256);
    if (!hit) {
      hit = deps.work.getJson<DunningSettings>(ref);
      hit.catch(() => settingsCache.delete(ref.sha256));
      settingsCache.set(ref.sha256, hit);
    }
    return hit;
  };
  return {
    ...createPrepareActivities({ work: deps.work, snapshots, archive: deps.archive }),
    ...createDealerActivities({
      render: deps.render,
      work: deps.work,
      snapshots,
      state: deps.state,
      journal: deps.journal,
      holdWriter: deps.holdWriter,
      resultsDir: deps.resultsDir,
      settings,
    }),
    ...createLetterDocumentActivities({ work: deps.work, numbers: deps.numbers }),
    ...createDunningMailActivities({
      mail: deps.mail,
      signer: deps.signer,
      publicBaseUrl: deps.publicBaseUrl,
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(deps.senderName ? { senderName: deps.senderName } : {}),
    }),
    ...createFinanceReportActivities({
      work: deps.work,
      backendFor: deps.backendFor,
      journal: deps.journal,
      resultsDir: deps.resultsDir,
      settings,
    }),
  };
}

export type DunningActivities = ReturnType<typeof createDunningActivities>;
