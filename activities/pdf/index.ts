export {
  type PdfActivityDeps,
  type RenderDocumentInput,
  createPdfActivities,
  documentReference,
} from './create-pdf-activities';
export { type CjkFont, type CjkFontCandidate, CJK_FONT_CANDIDATES, defaultCjkFont, locateCjkFont } from './fonts';
export { type RenderPdfOptions, renderPdf } from './render-pdf';
