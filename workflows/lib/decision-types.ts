/**
 * Types and pure checks of the decision mechanism, shared by the workflow side (decision.ts), the web pages
 * and the approval activities. No Temporal, no Node builtins: safe in the workflow sandbox and in Node.
 */
import { localDate } from '../../domain/calendar';
import { parseYuanToFen } from '../../domain/money';

/** approval: approve/reject; confirm: confirm/dispute (dealer statement); form: submit typed fields; acknowledge: one button. */
export type StepKind = 'approval' | 'confirm' | 'form' | 'acknowledge';

export const ACTIONS_BY_KIND: Record<StepKind, readonly string[]> = {
  approval: ['approve', 'reject'],
  confirm: ['confirm', 'dispute'],
  form: ['submit'],
  acknowledge: ['acknowledge'],
};

export type FormFieldType = 'select' | 'text' | 'integer' | 'money' | 'date' | 'boolean';

export interface FormField {
  name: string;
  label: string;
  type: FormFieldType;
  required?: boolean;
  /** For `select`: allowed values and their labels. */
  options?: { value: string; label: string }[];
  /** For `integer`. */
  min?: number;
  max?: number;
  /** For `text` (default 2000). */
  maxLength?: number;
  /** For `date`: the earliest date allowed (e.g. a return cannot be inspected before it was received). */
  minDate?: string;
  /**
   * For `date`: the value may not be after the decision's own date in this IANA time zone (a receipt or an
   * inspection is recorded after the fact, never ahead of it). Checked against workflow time.
   */
  notAfterTodayIn?: string;
}

/** A key figure shown prominently on the decision page, e.g. { label: '差异金额', value: '¥1,234.00' }. */
export interface KeyFigure {
  label: string;
  value: string;
}

/** What a workflow describes when it opens a step. */
export interface StepSpec {
  stepId: string;
  kind: StepKind;
  title: string;
  summary: string[];
  figures?: KeyFigure[];
  /** Archive document ids the recipient may preview from the page (and that mails may attach). */
  docIds?: string[];
  /** Human names of those documents by docId, e.g. { 'doc-123': '盘点差异报告（草稿）.pdf' }. */
  docLabels?: Record<string, string>;
  /** E-mail addresses allowed to decide. */
  recipients: string[];
  /** Defaults to ACTIONS_BY_KIND[kind]. */
  actions?: string[];
  /** Button labels by action, e.g. { acknowledge: '已提交盘点数' }. */
  actionLabels?: Record<string, string>;
  /** Actions whose comment is mandatory; default ['reject', 'dispute']. */
  commentRequiredFor?: string[];
  form?: FormField[];
  /** Locale of the texts above and of mails (default zh-CN). */
  locale?: string;
}

/** One link issued to one person: the token carries the jti, the workflow only accepts jtis it issued. */
export interface Grant {
  jti: string;
  recipient: string;
  /** Epoch ms (workflow time). */
  expiresAt: number;
  event: NotifyEvent;
}

export type NotifyEvent = 'request' | 'reminder' | 'escalation';

export type FieldValue = string | number | boolean;

/** The Update's argument, sent by the web server after verifying the signed token. */
export interface DecisionInput {
  stepId: string;
  action: string;
  /** From the verified token. */
  jti: string;
  recipient: string;
  comment?: string;
  /** Raw form values (strings from an HTML form). */
  fields?: Record<string, string>;
  /** Context for the audit trail. */
  meta?: { ip?: string; userAgent?: string; via?: 'web' | 'cli' | 'system' };
  /**
   * When the request reached our gateway (web or CLI), ISO. It is the decision's time: taking it from the workflow
   * task that accepts the Update would move it when that task is lost with a killed worker and re-run seconds later,
   * and the letter signed with it would be archived a second time with other bytes.
   */
  requestedAt?: string;
}

/** What the workflow keeps (and its history shows) about a decision. */
export interface DecisionRecord {
  stepId: string;
  action: string;
  decidedBy: string;
  /** ISO timestamp, workflow time. */
  decidedAt: string;
  comment?: string;
  fields?: Record<string, FieldValue>;
  jti?: string;
  /** true when the deadline passed and the configured default was applied. */
  byDefault?: boolean;
  meta?: DecisionInput['meta'];
}

export type DecisionResult = DecisionRecord;

/** The step as the web page sees it (query result). Grants (jtis) are never exposed. */
export interface StepView {
  stepId: string;
  kind: StepKind;
  title: string;
  summary: string[];
  figures: KeyFigure[];
  docIds: string[];
  docLabels: Record<string, string>;
  recipients: string[];
  actions: string[];
  actionLabels: Record<string, string>;
  commentRequiredFor: string[];
  form: FormField[];
  locale: string;
  openedAt: string;
  deadline?: string;
  status: 'open' | 'decided';
  decision?: DecisionRecord;
}

/** Why the Update validator refused; carried as ApplicationFailure type `DecisionRejected`, details[0]. */
export type RejectionReason =
  | 'unknown-step'
  | 'already-decided'
  | 'wrong-recipient'
  | 'token-mismatch'
  | 'expired'
  | 'invalid-action'
  | 'invalid-input';

export interface RejectionDetails {
  reason: RejectionReason;
  stepId: string;
  decidedBy?: string;
  decidedAt?: string;
  problems?: string[];
}

export const DECISION_REJECTED = 'DecisionRejected';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function actionsOf(spec: Pick<StepSpec, 'kind' | 'actions'>): string[] {
  return [...(spec.actions ?? ACTIONS_BY_KIND[spec.kind])];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD that names a real day (2026-02-30 does not). */
function isCalendarDate(text: string): boolean {
  const ms = ISO_DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

/** Validates raw form values against the step's fields; returns typed values or the problems found. */
export function validateFormFields(
  form: FormField[],
  raw: Record<string, string> | undefined,
  nowMs?: number,
): { ok: true; values: Record<string, FieldValue> } | { ok: false; problems: string[] } {
  const values: Record<string, FieldValue> = {};
  const problems: string[] = [];
  const input: Record<string, unknown> = typeof raw === 'object' && raw !== null ? raw : {};
  for (const name of Object.keys(input)) {
    if (!form.some((f) => f.name === name)) problems.push(`unknown field "${name}"`);
    else if (typeof input[name] !== 'string') problems.push(`field "${name}": not text`);
  }
  for (const field of form) {
    const value = input[field.name];
    const text = typeof value === 'string' ? value.trim() : '';
    if (field.type === 'boolean') {
      values[field.name] = text === 'true' || text === 'on' || text === '1';
      continue;
    }
    if (text === '') {
      if (field.required) problems.push(`${field.label}: required`);
      continue;
    }
    switch (field.type) {
      case 'select':
        if (!(field.options ?? []).some((o) => o.value === text))
          problems.push(`${field.label}: not an allowed choice`);
        else values[field.name] = text;
        break;
      case 'integer': {
        const n = /^-?\d{1,15}$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n)) problems.push(`${field.label}: not a whole number`);
        else if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) {
          problems.push(`${field.label}: out of range ${field.min ?? '-∞'}..${field.max ?? '∞'}`);
        } else values[field.name] = n;
        break;
      }
      case 'money': {
        const fen = parseYuanToFen(text);
        if (fen === null) problems.push(`${field.label}: not an amount in yuan`);
        else values[field.name] = fen;
        break;
      }
      case 'date': {
        const latest =
          field.notAfterTodayIn && nowMs !== undefined ? localDate(nowMs, field.notAfterTodayIn) : undefined;
        if (!isCalendarDate(text)) problems.push(`${field.label}: expected YYYY-MM-DD`);
        else if (field.minDate && text < field.minDate) problems.push(`${field.label}: before ${field.minDate}`);
        else if (latest && text > latest) problems.push(`${field.label}: after today (${latest})`);
        else values[field.name] = text;
        break;
      }
      case 'text':
        if (text.length > (field.maxLength ?? 2000)) problems.push(`${field.label}: too long`);
        else values[field.name] = text;
        break;
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}
