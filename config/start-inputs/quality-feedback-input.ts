import type { Duration } from '@temporalio/common';
import type { AppConfig } from '../schema';
import { besideSource } from './beside-source';
import { oneSheetSource, oneSheetSources } from './one-sheet-source';
import type { TableRef } from '../../activities/sheets/types';
import { ConfigError } from '../../domain/errors';
import { DEFAULT_QUALITY_ROUTING, withDepartmentRecipients } from '../../domain/quality';
import type { QualityFeedbackInput, QualitySources } from '../../activities/quality/types';
import type { Period } from '../../domain/calendar';

/**
 * The quality sources as the feedback reads them: every `sources.qualityEvents` entry (one sheet each), the
 * catalogue and the volumes (one sheet each). Throws one ConfigError naming every key configured as more than that
 * (a list for the catalogue or volumes, a glob, several sheets, setFrom) instead of reading only part of it.
 */
export function qualitySourceSpecs(cfg: AppConfig, reader = 'the quality feedback'): QualitySources {
  const s = cfg.sources;
  if (!s.failureModes) {
    throw new ConfigError('sources.failureModes (the failure-mode catalogue) is required for the quality feedback', {});
  }
  const one = oneSheetSources(reader, [
    { key: 'sources.qualityEvents', source: s.qualityEvents ?? [], listOk: true },
    { key: 'sources.failureModes', source: s.failureModes },
    ...(s.productionVolumes ? [{ key: 'sources.productionVolumes', source: s.productionVolumes }] : []),
  ]);
  const volumes = one.get('sources.productionVolumes')?.[0];
  return {
    qualityEvents: one.get('sources.qualityEvents')!,
    failureModes: one.get('sources.failureModes')![0]!,
    ...(volumes ? { productionVolumes: volumes } : {}),
  };
}

/**
 * Where the incident register (质量事件登记) lives: `earlyWarning.register`, or 质量事件登记.xlsx (tab 质量事件) beside
 * the first quality-event source. The incident workflows write it; the monthly feedback reads it.
 */
export function incidentRegisterRef(cfg: AppConfig, events: QualitySources['qualityEvents']): TableRef | null {
  const ew = cfg.earlyWarning;
  if (!ew) return null;
  if (ew.register) return oneSheetSource('early warning', 'earlyWarning.register', ew.register).ref;
  return events[0] ? besideSource(events[0].ref, '质量事件登记.xlsx', '质量事件') : null;
}

/** The incident register when early warning is configured (supplier recovery claims its supplier-responsible costs). */
export function configuredIncidentRegister(cfg: AppConfig): TableRef | null {
  if (!cfg.earlyWarning) return null;
  const events = cfg.sources.qualityEvents
    ? oneSheetSources('early warning', [
        { key: 'sources.qualityEvents', source: cfg.sources.qualityEvents, listOk: true },
      ])
    : undefined;
  return incidentRegisterRef(cfg, events?.get('sources.qualityEvents') ?? []);
}

/**
 * The workflow input for one month from the parsed config: every `sources.qualityEvents` entry, the catalogue,
 * the volumes, the incident register when early warning is configured, the department routing with the config's recipients, the customer supervisor (escalation to
 * the manager) and the approval timings. Throws ConfigError when the catalogue is not configured or a source is
 * more than the feedback reads (see qualitySourceSpecs).
 */
export function qualityFeedbackInputFromConfig(cfg: AppConfig, period: Period): QualityFeedbackInput {
  const s = cfg.sources;
  const sources = qualitySourceSpecs(cfg);
  const register = incidentRegisterRef(cfg, sources.qualityEvents);
  const q = cfg.quality;
  return {
    period,
    company: cfg.company.name,
    locale: cfg.locale,
    sources: register ? { ...sources, incidentRegister: { ref: register } } : sources,
    routing: withDepartmentRecipients(DEFAULT_QUALITY_ROUTING, cfg.departments),
    supervisor: cfg.people.customerSupervisor,
    timeZone: cfg.timezone,
    // The supplier batches and the recovery register exist when return processing is configured.
    ...(s.returns && s.parts ? { supplierRecoveryFromReturns: true } : {}),
    options: {
      priorMonths: q?.priorMonths ?? 6,
      dedupeWindowDays: q?.dedupeWindowDays ?? 3,
      repeatWindowDays: q?.repeatWindowDays ?? 90,
      policy: cfg.validationPolicy,
    },
    approval: {
      // The schema validated these as durations ("2 days", "36h").
      reminders: [cfg.approvals.reminderAfter as Duration],
      escalateAfter: cfg.approvals.escalateAfter as Duration,
      escalateTo: [cfg.people.manager],
      linkTtl: cfg.approvals.linkTtl as Duration,
    },
  };
}
