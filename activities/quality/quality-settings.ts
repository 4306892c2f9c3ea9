import type { Duration } from '@temporalio/common';
import { firstSource, type AppConfig, type SourceListConfig } from '../../config/schema';
import { sourceSpecFromConfig } from '../sheets/source-spec';
import { ConfigError } from '../../domain/errors';
import { DEFAULT_QUALITY_ROUTING, withDepartmentRecipients } from '../../domain/quality';
import type { QualityFeedbackInput, QualitySourceSpec } from './types';

/** One sheet per quality source (a list for the catalogue or the volumes takes its first entry). */
function spec(s: SourceListConfig): QualitySourceSpec {
  const { ref, mapping, options } = sourceSpecFromConfig(firstSource(s));
  return { ref, ...(mapping ? { mapping } : {}), ...(options ? { options } : {}) };
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
