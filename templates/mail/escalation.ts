import { type EscalationVars, renderActionRequest } from './action-request';
import type { MailTemplate } from './compose-mail';

/** An unanswered action request handed to the next person up (e.g. the manager), with that person's own link. */
export const escalation: MailTemplate<EscalationVars> = {
  render: (vars, locale) => renderActionRequest('escalation', vars, locale),
};
