import type { z } from 'zod';
import type { PdfTemplate } from './define-template';
import { platformCheckTemplate } from './platform-check';
import { stocktakeReportTemplate } from './stocktake-report';
import { statementOfAccountTemplate } from './statement-of-account';
import { dunningLetterTemplate } from './dunning-letter';
import { financeSummaryTemplate } from './finance-summary';
import { qualityFeedbackTemplate } from './quality-feedback';
import { goodsReceivedNoteTemplate } from './goods-received-note';
import { supplierClaimTemplate } from './supplier-claim';
import { incidentEvidenceTemplate } from './incident-evidence';
import { incidentClosingReportTemplate } from './incident-closing-report';

/**
 * Every PDF template by name. To add one: write templates/pdf/<name>.ts exporting
 * `definePdfTemplate('<name>', schema, build)`, import it here and add one line below.
 * Workflows name a template and pass its data; the PDF activity looks it up here.
 */
export const pdfTemplates = {
  'platform-check': platformCheckTemplate,
  'stocktake-report': stocktakeReportTemplate,
  'statement-of-account': statementOfAccountTemplate,
  'dunning-letter': dunningLetterTemplate,
  'finance-summary': financeSummaryTemplate,
  'quality-feedback': qualityFeedbackTemplate,
  'goods-received-note': goodsReceivedNoteTemplate,
  'supplier-claim': supplierClaimTemplate,
  'incident-evidence': incidentEvidenceTemplate,
  'incident-closing-report': incidentClosingReportTemplate,
} as const satisfies Record<string, PdfTemplate>;

export type PdfTemplateName = keyof typeof pdfTemplates;

/** The data a workflow passes for template N (zod input type: optional fields may be omitted). */
export type PdfTemplateData<N extends PdfTemplateName> = z.input<(typeof pdfTemplates)[N]['schema']>;

export function isPdfTemplateName(name: string): name is PdfTemplateName {
  return Object.prototype.hasOwnProperty.call(pdfTemplates, name);
}

export function findPdfTemplate(name: string): PdfTemplate | undefined {
  return isPdfTemplateName(name) ? pdfTemplates[name] : undefined;
}
