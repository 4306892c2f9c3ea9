/**
 * EarlyWarningSettings from the parsed config: the same quality sources the monthly feedback reads, the rule from
 * `earlyWarning.detection`, owners defaulting to the people the config already names (containment: the customer
 * supervisor 客户主管; root cause, action and verification: the quality department 品质部; escalation: the
 * manager 售后经理, who answers for batch quality problems).
 */
import type { Duration } from '@temporalio/common';
import type { LoadedConfig } from '../load-config';
import { DEFAULT_DETECTION } from '../../domain/early-warning';
import { ConfigError } from '../../domain/errors';
import { incidentRegisterRef, qualitySourceSpecs } from './quality-feedback-input';
import type { EarlyWarningSettings, IncidentPerson } from '../../activities/incidents/types';

/** Why the config cannot run the detector, or null when it can. */
export function earlyWarningUnconfigured(cfg: LoadedConfig): string | null {
  if (!cfg.earlyWarning) return 'earlyWarning is not configured';
  if (!cfg.sources.qualityEvents?.length) return 'sources.qualityEvents is not configured';
  if (!cfg.sources.failureModes) return 'sources.failureModes (the failure-mode catalogue) is not configured';
  return null;
}

export function earlyWarningSettingsFromConfig(cfg: LoadedConfig): EarlyWarningSettings {
  const missing = earlyWarningUnconfigured(cfg);
  if (missing) throw new ConfigError(`early warning: ${missing}`, {});
  const ew = cfg.earlyWarning!;
  // The quality sources exactly as the monthly feedback reads them (one sheet per entry; more is refused).
  const sources = qualitySourceSpecs(cfg, 'early warning');
  const events = sources.qualityEvents;
  const dept = cfg.departments.quality;
  const quality: IncidentPerson[] = dept
    ? dept.emails.map((email) => ({ name: dept.name, email }))
    : [cfg.people.customerSupervisor];
  const qualityLead = quality[0]!;
  const purchasingDept = cfg.departments.purchasing;
  const purchasing =
    cfg.people.purchasing ??
    (purchasingDept ? { name: purchasingDept.name, email: purchasingDept.emails[0]! } : undefined);
  return {
    company: cfg.company.name,
    locale: cfg.locale,
    timeZone: cfg.timezone,
    detection: { ...DEFAULT_DETECTION, ...ew.detection },
    sources,
    dedupeWindowDays: cfg.quality?.dedupeWindowDays ?? 3,
    register: incidentRegisterRef(cfg, events)!,
    purchasingContacts: ew.purchasingContacts,
    ...(purchasing ? { purchasing } : {}),
    policy: {
      company: cfg.company.name,
      locale: cfg.locale,
      timeZone: cfg.timezone,
      manager: cfg.people.manager,
      quality,
      owners: {
        containment: ew.owners.containment ?? cfg.people.customerSupervisor,
        rootCause: ew.owners.rootCause ?? qualityLead,
        action: ew.owners.action ?? qualityLead,
        verification: ew.owners.verification ?? qualityLead,
      },
      verification: ew.verification as Duration,
      checkDays: ew.detection.monitorDays,
      // The schema validated these as durations ("2 days", "36h").
      approvals: {
        reminderAfter: cfg.approvals.reminderAfter as Duration,
        escalateAfter: cfg.approvals.escalateAfter as Duration,
        linkTtl: cfg.approvals.linkTtl as Duration,
      },
    },
  };
}
