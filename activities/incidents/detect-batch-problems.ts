/**
 * One detector run (the activity behind the daily `early-warning` workflow): read and clean the events of the
 * baseline and monitored days, judge every part × failure mode (domain/early-warning), check each open incident
 * against the baseline it froze, and store the evidence of every signal and active check in the work store.
 * Returns routes — what to tell which incident — and counts; never events.
 */
import {
  buildEvidence,
  createFieldExposure,
  describeScope,
  detectSignals,
  freezeBaseline,
  type CellFigures,
  type FrozenBaseline,
  type WarningSignal,
} from '../../domain/early-warning';
import { type CleanQualityEvent } from '../../domain/quality';
import type { DataRef } from '../archive/types';
import type { TableBackend, TableRef } from '../sheets/types';
import type { IncidentEvidenceData } from '../../templates/pdf/incident-evidence';
import type { IncidentPointers } from './incident-pointers';
import { readWarningEvents } from './read-warning-events';
import { purchasingContactFor } from './purchasing-contact';
import type { DetectInput, DetectResult, EarlyWarningSettings, IncidentObservation, RoutedObservation } from './types';
import { dayNumber, isoFromDay } from '../../domain/calendar';

export interface DetectDeps {
  settings: EarlyWarningSettings;
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef> };
  pointers: IncidentPointers;
}

function observationOf(
  f: CellFigures,
  active: boolean,
  scopes: string[],
  runId: string,
  asOf: string,
  evidenceRef?: DataRef,
): IncidentObservation {
  return {
    asOf,
    active,
    observed: f.observed,
    expected: Math.round(f.expected * 1000) / 1000,
    pValue: f.pValue,
    cusum: Math.round(f.cusum * 1000) / 1000,
    firedBy: f.firedBy,
    scopes,
    ...(evidenceRef ? { evidenceRef } : {}),
    detectorRunId: runId,
  };
}

export async function detectBatchProblems(deps: DetectDeps, input: DetectInput): Promise<DetectResult> {
  const s = deps.settings;
  const d = s.detection;
  const read = await readWarningEvents(deps.backendFor, s, input.asOf);
  const open = new Map<string, FrozenBaseline>();
  for (const p of await deps.pointers.list()) open.set(p.key, p.baseline);
  const exposure = read.volumes.length ? createFieldExposure(read.volumes, d.fieldMonths) : undefined;
  const r = detectSignals(read.events, input.asOf, d, { ...(exposure ? { exposure } : {}), open });

  const byKey = new Map<string, CleanQualityEvent[]>();
  for (const e of read.events) {
    const key = `${e.partNo}|${e.failureCode}`;
    const list = byKey.get(key);
    if (list) list.push(e);
    else byKey.set(key, [e]);
  }
  const last = dayNumber(input.asOf)!;
  const span = d.baselineDays + d.monitorDays;
  const first = last - span + 1;
  const evidenceFor = async (
    key: string,
    sig: Pick<WarningSignal, 'partNo' | 'partName' | 'failureCode' | 'failureName' | 'suppliers' | 'models'>,
    figures: CellFigures,
    extra: { fired: boolean; frozen: boolean; scopes: WarningSignal['scopes'] },
  ): Promise<DataRef> => {
    const events = byKey.get(key) ?? [];
    const series = exposure?.series(sig.models, first, span) ?? null;
    const data: IncidentEvidenceData = {
      company: s.company,
      asOf: input.asOf,
      key,
      partNo: sig.partNo,
      ...(sig.partName ? { partName: sig.partName } : {}),
      failureCode: sig.failureCode,
      failureName: sig.failureName,
      suppliers: sig.suppliers.slice(0, 10),
      models: sig.models.slice(0, 10),
      rule: {
        windowDays: d.windowDays,
        monitorDays: d.monitorDays,
        baselineDays: d.baselineDays,
        alpha: d.alpha,
        minCount: d.minCount,
        minRatio: d.minRatio,
        shift: d.cusum.shift,
        threshold: d.cusum.threshold,
      },
      figures,
      ...extra,
      ...buildEvidence(events, input.asOf, figures, d, figures.volumeAdjusted ? series : null),
    };
    return deps.work.putJson(data);
  };

  const routes: RoutedObservation[] = [];
  for (const sig of r.signals) {
    const scopes = sig.scopes.map((x) => describeScope(x, d, s.locale));
    const evidenceRef = await evidenceFor(sig.key, sig, sig.figures, {
      fired: sig.fired,
      frozen: false,
      scopes: sig.scopes,
    });
    const contact = purchasingContactFor(s, sig.suppliers[0]);
    routes.push({
      key: sig.key,
      open: {
        input: {
          key: sig.key,
          partNo: sig.partNo,
          ...(sig.partName ? { partName: sig.partName } : {}),
          failureCode: sig.failureCode,
          failureName: sig.failureName,
          suppliers: sig.suppliers.slice(0, 5),
          openedOn: input.asOf,
          ...(contact ? { purchasingContact: contact } : {}),
        },
        baseline: freezeBaseline(sig.figures, d, isoFromDay(first), isoFromDay(first + d.baselineDays - 1)),
      },
      observation: observationOf(sig.figures, true, scopes, input.workflowId, input.asOf, evidenceRef),
    });
  }
  for (const c of r.checks) {
    let evidenceRef: DataRef | undefined;
    if (c.active) {
      const events = byKey.get(c.key) ?? [];
      const e0 = events[0];
      const models = [...new Set(events.map((e) => e.model))];
      const suppliers = [...new Set(events.map((e) => e.supplier).filter((x): x is string => !!x))];
      if (e0) {
        evidenceRef = await evidenceFor(c.key, { ...e0, suppliers, models }, c.figures, {
          fired: true,
          frozen: true,
          scopes: [],
        });
      }
    }
    routes.push({
      key: c.key,
      observation: observationOf(c.figures, c.active, [], input.workflowId, input.asOf, evidenceRef),
    });
  }
  return {
    asOf: input.asOf,
    routes,
    counts: {
      events: r.events,
      unmappedEvents: r.unmappedEvents,
      cells: r.cells,
      judged: r.judged,
      signals: r.signals.length,
      open: open.size,
    },
    problems: read.problems,
    blocking: read.blocking,
  };
}
