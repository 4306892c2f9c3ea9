import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { PdfContext } from './layout';

/**
 * A PDF template: call it with untrusted data (from a workflow, possibly via the work store) and the
 * render context; it validates the data against its schema and returns a pdfmake document definition.
 * Pure: no I/O, no clock — the same data and context always give the same definition.
 */
export interface PdfTemplate<S extends z.ZodType = z.ZodType> {
  (data: unknown, ctx: PdfContext): TDocumentDefinitions;
  readonly templateName: string;
  readonly schema: S;
}

/** Data rejected by a template's schema: permanent (a retry sends the same data). */
export class TemplateDataError extends AppError {
  constructor(
    readonly templateName: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      'InvalidTemplateData',
      `PDF template "${templateName}" got invalid data:\n${issues
        .slice(0, 20)
        .map((i) => `  ${i.path || '(root)'}: ${i.message}`)
        .join('\n')}`,
      { template: templateName, count: issues.length },
    );
  }
}

export function definePdfTemplate<S extends z.ZodType>(
  templateName: string,
  schema: S,
  build: (data: z.output<S>, ctx: PdfContext) => TDocumentDefinitions,
): PdfTemplate<S> {
  const template = (data: unknown, ctx: PdfContext): TDocumentDefinitions => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new TemplateDataError(
        templateName,
        parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      );
    }
    return build(parsed.data, ctx);
  };
  return Object.assign(template, { templateName, schema });
}

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}
