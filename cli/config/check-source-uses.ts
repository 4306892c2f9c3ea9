/**
 * The start-up checks of every reader that addresses one sheet per table, run by `config validate` before any
 * spreadsheet is opened: a source configured as a list, a glob, several sheets or setFrom where the reader would take
 * only part of it is a config error naming each key (exit 2), as the worker or the run would refuse it.
 */
import type { LoadedConfig } from '../../config/load-config';
import { ConfigError } from '../../domain/errors';
import { dunningSources } from '../../config/start-inputs/dunning-settings';
import {
  earlyWarningSettingsFromConfig,
  earlyWarningUnconfigured,
} from '../../config/start-inputs/early-warning-settings';
import { qualitySourceSpecs } from '../../config/start-inputs/quality-feedback-input';
import { returnsSettingsFromConfig } from '../../config/start-inputs/returns-settings';

/** Throws one ConfigError with a line per refused key (the first reader's words when several read the key). */
export function assertSourceUses(cfg: LoadedConfig): void {
  const s = cfg.sources;
  const checks: (() => unknown)[] = [];
  if (cfg.dunning && s.dealers && s.dealerTransactions) checks.push(() => dunningSources(cfg));
  if (s.failureModes) checks.push(() => qualitySourceSpecs(cfg));
  if (s.returns && s.dealers && s.parts) checks.push(() => returnsSettingsFromConfig(cfg));
  if (!earlyWarningUnconfigured(cfg)) checks.push(() => earlyWarningSettingsFromConfig(cfg));
  const byKey = new Map<string, string>();
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      const refused = err instanceof ConfigError ? (err.context.refused as string[] | undefined) : undefined;
      if (!refused) throw err;
      for (const line of refused) {
        const key = line.slice(0, line.indexOf(':'));
        if (!byKey.has(key)) byKey.set(key, line);
      }
    }
  }
  if (byKey.size) {
    throw new ConfigError([...byKey.values()].join('\n'), { key: [...byKey.keys()].join(', ') });
  }
}
