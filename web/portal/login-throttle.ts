/**
 * Slows down password guessing, in memory (one portal process). Per (user name, client IP): the first
 * `freeAttempts` failures cost nothing, then each further failure doubles a lockout (1 s, 2 s, 4 s ... up to
 * `maxDelayMs`) during which attempts are refused without checking the password. Per IP across all user names:
 * more than `perIpFailures` failures within `windowMs` lock that IP out for the rest of the window (stops
 * spraying one password over many names). A success clears the (user, IP) record.
 */
export interface ThrottleOptions {
  freeAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  windowMs?: number;
  perIpFailures?: number;
}

interface Record_ {
  failures: number;
  lastAt: number;
}

export class LoginThrottle {
  private readonly byUser = new Map<string, Record_>();
  private readonly byIp = new Map<string, number[]>();
  private readonly o: Required<ThrottleOptions>;

  constructor(opts: ThrottleOptions = {}) {
    this.o = {
      freeAttempts: opts.freeAttempts ?? 3,
      baseDelayMs: opts.baseDelayMs ?? 1_000,
      maxDelayMs: opts.maxDelayMs ?? 15 * 60_000,
      windowMs: opts.windowMs ?? 15 * 60_000,
      perIpFailures: opts.perIpFailures ?? 50,
    };
  }

  /** 0 when an attempt may proceed, else the milliseconds to wait. */
  retryAfterMs(username: string, ip: string, now: number): number {
    const rec = this.byUser.get(key(username, ip));
    const userWait = rec ? rec.lastAt + this.delay(rec.failures) - now : 0;
    const ipFails = this.recentIpFailures(ip, now);
    const ipWait = ipFails.length >= this.o.perIpFailures ? (ipFails[0] as number) + this.o.windowMs - now : 0;
    return Math.max(0, userWait, ipWait);
  }

  failure(username: string, ip: string, now: number): void {
    const k = key(username, ip);
    const rec = this.byUser.get(k);
    const stale = rec && now - rec.lastAt > this.o.windowMs + this.delay(rec.failures);
    this.byUser.set(k, { failures: rec && !stale ? rec.failures + 1 : 1, lastAt: now });
    this.byIp.set(ip, [...this.recentIpFailures(ip, now), now]);
    if (this.byUser.size + this.byIp.size > 20_000) this.prune(now);
  }

  success(username: string, ip: string): void {
    this.byUser.delete(key(username, ip));
  }

  private delay(failures: number): number {
    if (failures < this.o.freeAttempts) return 0;
    return Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (failures - this.o.freeAttempts));
  }

  private recentIpFailures(ip: string, now: number): number[] {
    return (this.byIp.get(ip) ?? []).filter((t) => now - t < this.o.windowMs);
  }

  private prune(now: number): void {
    for (const [k, r] of this.byUser)
      if (now - r.lastAt > this.o.windowMs + this.delay(r.failures)) this.byUser.delete(k);
    for (const [ip] of this.byIp) if (this.recentIpFailures(ip, now).length === 0) this.byIp.delete(ip);
  }
}

const key = (username: string, ip: string): string => `${username.trim().toLowerCase()}\0${ip}`;
