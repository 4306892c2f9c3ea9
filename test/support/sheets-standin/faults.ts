/**
 * Fault injection: the next N calls (optionally of one API method) answer with an HTTP error the way Google
 * does, or hang without answering so the client's timeout fires.
 */
export type Fault =
  | {
      kind: 'status';
      status: 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503 | 504;
      retryAfterSeconds?: number;
      message?: string;
    }
  | { kind: 'hang'; ms?: number };

export interface FaultRule {
  fault: Fault;
  remaining: number;
  /** API method name such as 'spreadsheets.values.batchGet'; all API methods when omitted. */
  method?: string;
  /** Matching calls to let through before the fault starts (e.g. fail the second write of a batch). */
  after: number;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const DEFAULT_MESSAGE: Record<number, string> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com'.",
  500: 'Internal error encountered.',
  502: 'Bad Gateway',
  503: 'The service is currently unavailable.',
  504: 'The service is currently unavailable.',
};

export function googleErrorBody(status: number, message?: string): Record<string, unknown> {
  return {
    error: {
      code: status,
      message: message ?? DEFAULT_MESSAGE[status] ?? 'Error',
      status: STATUS_TEXT[status] ?? 'UNKNOWN',
    },
  };
}

export class FaultQueue {
  private rules: FaultRule[] = [];

  add(fault: Fault, times = 1, method?: string, after = 0): void {
    this.rules.push({ fault, remaining: times, after, ...(method ? { method } : {}) });
  }

  /** Takes the fault to apply to this call, if any. */
  take(method: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.method || r.method === method));
    if (!rule) return undefined;
    if (rule.after > 0) {
      rule.after--;
      return undefined;
    }
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.reduce((n, r) => n + r.remaining, 0);
  }
}
