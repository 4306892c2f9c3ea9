/**
 * Shapes the early-warning detector, the incident workflow and their activities exchange. What a workflow sees is
 * small (keys, figures, references); events and evidence stay in the work store.
 */
import type { Duration } from '@temporalio/common';
import type { CellFigures, DetectionSettings, FrozenBaseline, IncidentState } from '../../domain/early-warning';
import type { DataRef } from '../archive/types';
import type { QualitySourceSpec } from '../quality/types';
import type { TableRef } from '../sheets/types';

export type IncidentLocale = 'zh-CN' | 'en';

export interface IncidentPerson {
  name: string;
  email: string;
}

/** Everything the detector and the incidents need from the config (config/start-inputs/early-warning-settings.ts). */
export interface EarlyWarningSettings {
  company: string;
  locale: IncidentLocale;
  timeZone: string;
  detection: DetectionSettings;
  sources: {
    qualityEvents: QualitySourceSpec[];
    failureModes: QualitySourceSpec;
    productionVolumes?: QualitySourceSpec;
  };
  dedupeWindowDays: number;
  /** The incident register (质量事件登记), a system-owned journal. */
  register: TableRef;
  policy: IncidentPolicy;
  purchasingContacts: { supplier: string; name: string; email: string }[];
  /** Fallback purchasing contact for suppliers not listed (people.purchasing or the purchasing department). */
  purchasing?: IncidentPerson;
}

/** What one incident workflow asks for when it starts (kept in its history, so a config change never alters it). */
export interface IncidentPolicy {
  company: string;
  locale: IncidentLocale;
  timeZone: string;
  manager: IncidentPerson;
  /** Quality department (品质部) addresses: alert, recurrence and closing mails. */
  quality: IncidentPerson[];
  owners: {
    containment: IncidentPerson;
    rootCause: IncidentPerson;
    action: IncidentPerson;
    verification: IncidentPerson;
  };
  /** Time without recurrence after the action is done, before the owner verifies (e.g. '4 weeks'). */
  verification: Duration;
  /**
   * Days the detector's check looks back (its monitored days): an active check counts as a recurrence only once
   * all of them lie after the action was done, so failures from before the fix are not taken for a recurrence.
   */
  checkDays: number;
  approvals: { reminderAfter: Duration; escalateAfter: Duration; linkTtl: Duration };
}

/** One day's news for an incident from the detector: sent as the `incidentObservation` signal. */
export interface IncidentObservation {
  asOf: string;
  /** The rule fired (for a new incident: against the recent baseline; for an open one: against its frozen baseline). */
  active: boolean;
  observed: number;
  expected: number;
  pValue: number;
  cusum: number;
  firedBy: CellFigures['firedBy'];
  /** "供应商 X：7 起（预期 0.5）" for sub-dimensions that fired. */
  scopes: string[];
  /** Evidence for the alert PDF (template incident-evidence), present when active. */
  evidenceRef?: DataRef;
  /** The detector run that sent it. */
  detectorRunId: string;
}

/** What starts an incident (signal-with-start) besides its first observation. */
export interface IncidentInput {
  incidentId: string;
  key: string;
  partNo: string;
  partName?: string;
  failureCode: string;
  failureName: string;
  /** Suppliers seen in the signal's window, most events first. */
  suppliers: string[];
  /** The day examined when the signal fired. */
  openedOn: string;
  /** Purchasing contact for the main supplier (alert and closing report go to them). */
  purchasingContact?: IncidentPerson;
}

/** Where an incident's key stands, as the pointer file keeps it (one open incident per key). */
export interface IncidentPointer {
  key: string;
  workflowId: string;
  openedOn: string;
  baseline: FrozenBaseline;
}

/** A signal or a check, routed by `routeObservations`. */
export interface RoutedObservation {
  key: string;
  /** For a new incident: its input (with the id still to be chosen) and the baseline to freeze. */
  open?: { input: Omit<IncidentInput, 'incidentId'>; baseline: FrozenBaseline };
  observation: IncidentObservation;
}

export interface DetectInput {
  asOf: string;
  workflowId: string;
}

export interface DetectResult {
  asOf: string;
  /** New signals (keys without an open incident) and observations for open incidents, ready to route. */
  routes: RoutedObservation[];
  counts: { events: number; unmappedEvents: number; cells: number; judged: number; signals: number; open: number };
  /** Bad rows and unreadable sources, listed (the detector still runs on the good rows). */
  problems: number;
  blocking: string[];
}

export interface RouteResult {
  key: string;
  workflowId: string;
  status: 'opened' | 'attached' | 'closed-skipped';
}

/** What the incident register (质量事件登记) records, one row per event, keyed `<incident>#<event>[-round]`. */
export type IncidentEventCode = IncidentState;

export interface IncidentRegisterRow {
  incidentId: string;
  event: IncidentEventCode;
  /** Corrective-action round, for events that repeat (action, implemented, recurred, not-effective). */
  round?: number;
  /** Business date of the event (company time zone). */
  date: string;
  partNo: string;
  partName?: string;
  failureName: string;
  supplier?: string;
  supplierResponsible?: boolean;
  costFen?: number;
  /** Who decided (e-mail) or `system`. */
  by: string;
  notes?: string;
}
