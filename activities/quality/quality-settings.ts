import type { Duration } from '@temporalio/common';
import type { AppConfig, SourceConfig } from '../../config/schema';
import { ConfigError } from '../../domain/errors';
import { DEFAULT_QUALITY_ROUTING, withDepartmentRecipients } from '../../domain/quality';
import type { TableRef } from '../sheets/types';
import type { QualityFeedbackInput, QualitySourceSpec } from './types';

function spec(s: SourceConfig): QualitySourceSpec {
  const ref: TableRef =
    s.kind === 'excel'
      ? { kind: 'excel', path: s.path, ...(s.sheet ? { sheet: s.sheet } : {}) }
      : { kind: 'google', spreadsheetId: s.spreadsheetId, ...(s.tab ? { tab: s.tab } : {}) };
  return { ref, ...(s.mapping ? { mapping: s.mapping } : {}) };
}

/**
 * The workflow input for one month from the parsed config: every `sources.qualityEvents` entry, the catalogue,
 * the volumes, the department routing with the config's recipients, the customer supervisor (escalation to
 * the manager) and the approval timings. Throws ConfigError when the catalogue is not configured.
 */
export function qualityFeedbackInputFromConfig(cfg: AppConfig, period: string): QualityFeedbackInput {
  const s = cfg.sources;
  if (!s.failureModes) {
    throw new ConfigError('sources.failureModes (the failure-mode catalogue) is required for the quality feedback', {});
  }
  const q = cfg.quality;
  return {
    period,
    company: cfg.company.name,
    locale: cfg.locale,
    sources: {
      qualityEvents: (s.qualityEvents ?? []).map(spec),
      failureModes: spec(s.failureModes),
      ...(s.productionVolumes ? { productionVolumes: spec(s.productionVolumes) } : {}),
    },
    routing: withDepartmentRecipients(DEFAULT_QUALITY_ROUTING, cfg.departments),
    supervisor: cfg.people.customerSupervisor,
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
