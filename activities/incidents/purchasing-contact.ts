import type { EarlyWarningSettings, IncidentPerson } from './types';

/** The purchasing contact for a supplier (by name or code as the sheets write it), else the fallback. */
export function purchasingContactFor(
  settings: Pick<EarlyWarningSettings, 'purchasingContacts' | 'purchasing'>,
  supplier: string | undefined,
): IncidentPerson | undefined {
  const norm = (t: string) => t.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const hit = supplier ? settings.purchasingContacts.find((c) => norm(c.supplier) === norm(supplier)) : undefined;
  return hit ? { name: hit.name, email: hit.email } : settings.purchasing;
}
