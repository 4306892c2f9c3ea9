export { renderMail, type MailTemplateName, type MailTemplateVars } from './render-mail';
export { mailTemplates } from './registry';
export type { MailLocale, MailTemplate, RenderedMail, SummaryLine } from './compose-mail';
export type { ReportDeliveryVars } from './report-delivery';
export type { ActionRequestVars, ReminderVars, EscalationVars } from './action-request';
