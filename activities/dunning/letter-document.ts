/**
 * A dunning letter's final form: the draft the manager approves carries no number; the letter that goes out gets the
 * next number of the dealer's series for the month (CK-2026-11-D0042-01, activities/numbering) and, when it needed
 * one, the approval (who, when: from the decision in workflow history) for its 签核 block. Numbers are drawn only for
 * letters about to be sent, so a series has no gaps for letters that were rejected or overtaken by a payment.
 *
 * Why per dealer and not one run of numbers for the month: the dealers' workflows run concurrently, so a month-wide
 * counter hands out numbers in the order letters happen to be prepared — another run of the same month (a re-run, a
 * worker restart, a slow approval) would print other numbers on the same letters and archive them under other names.
 * A dealer's letters are drawn in order by its one workflow, so the number is a function of the facts.
 */
import type { LetterData } from '../../templates/pdf/dunning-letter';
import type { DataRef } from '../archive/types';
import type { DocumentNumbers } from '../numbering/document-numbers';

/** 催款函 series: one contiguous run of numbers per dealer and month. */
export const LETTER_SERIES = 'CK';

export interface LetterDocumentInput {
  letterDataRef: DataRef;
  /** A draft for the approver: no number, marked as a draft. */
  draft: boolean;
  period: string;
  /** Scope of the number series: the dealer's letters of the month. */
  dealerId: string;
  /** The letter's business key (dealer's workflow id + letter key): the same letter always gets the same number. */
  numberKey: string;
  approval?: { by: string; at: string };
}

export interface LetterDocument {
  dataRef: DataRef;
  letterNo?: string;
  /** Letters sent before about the same documents (chooses the wording of the letter and its mail). */
  priorLetters: number;
}

export function createLetterDocumentActivities(deps: {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  numbers: DocumentNumbers;
}) {
  return {
    /**
     * Completes the letter's data for rendering. Side effects: a work-store blob (content-addressed) and, for a
     * letter to send, its number in the register: idempotent per `numberKey`, so a retry or re-run keeps the number.
     */
    async prepareLetterDocument(input: LetterDocumentInput): Promise<LetterDocument> {
      const base = await deps.work.getJson<LetterData>(input.letterDataRef);
      const priorLetters = base.priorLetters?.length ?? 0;
      if (input.draft) {
        const { letterNo: _none, approval: _a, ...rest } = base;
        return { dataRef: await deps.work.putJson({ ...rest, draft: true }), priorLetters };
      }
      const { no } = await deps.numbers.assign(LETTER_SERIES, input.period, input.numberKey, input.dealerId);
      const data: LetterData = {
        ...base,
        draft: false,
        letterNo: no,
        ...(input.approval ? { approval: input.approval } : {}),
      };
      return { dataRef: await deps.work.putJson(data), letterNo: no, priorLetters };
    },
  };
}
