/** Age of a supplier claim in whole days, from epoch milliseconds (workflow time or activity clock). */
export function claimAgeDays(issuedAtMs: number, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - issuedAtMs) / 86_400_000));
}

/** A claim not confirmed within the limit is escalated to the manager. */
export function isClaimAged(issuedAtMs: number, nowMs: number, limitDays: number): boolean {
  return claimAgeDays(issuedAtMs, nowMs) >= limitDays;
}

/**
 * Reminder offsets (in days from issue) before the aging limit: every `everyDays`, strictly before the limit,
 * e.g. every 7 of 30 → [7, 14, 21, 28].
 */
export function claimReminderDays(everyDays: number, limitDays: number): number[] {
  if (everyDays <= 0) return [];
  const out: number[] = [];
  for (let d = everyDays; d < limitDays; d += everyDays) out.push(d);
  return out;
}
