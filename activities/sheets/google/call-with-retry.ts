import { AppError } from '../../../domain/errors';

export interface RetryOptions {
  /** Attempts per API call, first one included (default 6). */
  maxAttempts?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs·2ⁿ)] (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited out here; the error goes up for Temporal to retry later. */
  maxRetryAfterMs?: number;
  /** Per-request timeout (default 60 s); a timed-out request counts as transient and is retried. */
  timeoutMs?: number;
  /** Called before each wait (logging, tests). */
  onRetry?: (info: { method: string; attempt: number; delayMs: number; reason: string }) => void;
}

export type ResolvedRetry = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export function resolveRetry(o: RetryOptions = {}): ResolvedRetry {
  return {
    maxAttempts: o.maxAttempts ?? 6,
    baseDelayMs: o.baseDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 32_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 120_000,
    timeoutMs: o.timeoutMs ?? 60_000,
    ...(o.onRetry ? { onRetry: o.onRetry } : {}),
  };
}

interface HttpishError {
  status?: number;
  code?: string | number;
  name?: string;
  message?: string;
  response?: { status?: number; headers?: unknown; data?: unknown };
}

const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

function retryAfterMs(err: HttpishError): number | undefined {
  const headers = err.response?.headers;
  let raw: string | null | undefined;
  if (headers && typeof (headers as Headers).get === 'function') raw = (headers as Headers).get('retry-after');
  else if (headers && typeof headers === 'object') raw = (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function apiMessage(err: HttpishError): string {
  const data = err.response?.data as { error?: { message?: string } | string; error_description?: string } | undefined;
  if (data && typeof data.error === 'object' && data.error.message) return data.error.message;
  if (data && typeof data.error === 'string')
    return `${data.error}${data.error_description ? `: ${data.error_description}` : ''}`;
  return err.message ?? String(err);
}

/** Classifies a client error: HTTP status (if any) and whether trying again can help. */
export function classify(err: unknown): { status?: number; transient: boolean; message: string } {
  const e = (err ?? {}) as HttpishError;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const message = apiMessage(e);
  if (status !== undefined) return { status, transient: TRANSIENT_STATUS.has(status), message };
  // No HTTP answer: timeouts, resets and refused connections are network weather, not our bug.
  const networkish =
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    e.name === 'GaxiosError' ||
    /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|socket hang up|fetch failed|aborted|timeout/i.test(
      `${String(e.code ?? '')} ${message}`,
    );
  return { transient: networkish, message };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs one Sheets API call with retries: 429 and 5xx (and timeouts/resets) back off exponentially with full
 * jitter, honouring Retry-After; other 4xx are permanent. Throws AppError: `permanent` for 4xx (the activity
 * boundary turns it into a non-retryable failure), transient when attempts ran out (Temporal retries later).
 */
export async function callWithRetry<T>(
  method: string,
  context: Record<string, unknown>,
  retry: ResolvedRetry,
  fn: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const c = classify(err);
      const where = { method, ...context, ...(c.status ? { status: c.status } : {}), attempts: attempt };
      if (!c.transient) {
        throw new AppError(
          'SheetsApiError',
          `Google Sheets ${method} failed${c.status ? ` (HTTP ${c.status})` : ''}: ${c.message}`,
          where,
          true,
        );
      }
      const hinted = retryAfterMs(err as HttpishError);
      const backoff = Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = hinted !== undefined ? Math.max(hinted, backoff) : backoff;
      if (attempt >= retry.maxAttempts || (hinted !== undefined && hinted > retry.maxRetryAfterMs)) {
        throw new AppError(
          'SheetsUnavailable',
          `Google Sheets ${method} still failing after ${attempt} attempt(s)${c.status ? ` (HTTP ${c.status})` : ''}: ${c.message}`,
          where,
          false,
        );
      }
      retry.onRetry?.({ method, attempt, delayMs, reason: c.status ? `HTTP ${c.status}` : c.message });
      await sleep(delayMs);
    }
  }
}
