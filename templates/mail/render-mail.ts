import type { MailLocale, MailTemplate, RenderedMail } from './compose-mail';
import { mailTemplates } from './registry';

export type MailTemplateName = keyof typeof mailTemplates;
export type MailTemplateVars<N extends MailTemplateName> =
  (typeof mailTemplates)[N] extends MailTemplate<infer V> ? V : never;

/**
 * Renders a mail template to subject, plain text and HTML (all variables HTML-escaped; the subject is one line).
 * Locale defaults to zh-CN. Throws an Error naming the variable when a required one is missing or malformed.
 */
export function renderMail<N extends MailTemplateName>(
  name: N,
  locale: MailLocale | undefined,
  vars: MailTemplateVars<N>,
): RenderedMail {
  const template = mailTemplates[name] as MailTemplate<MailTemplateVars<N>> | undefined;
  if (!template) throw new Error(`Unknown mail template ${JSON.stringify(name)}`);
  return template.render(vars, locale ?? 'zh-CN');
}
