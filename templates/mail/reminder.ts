import { type ReminderVars, renderActionRequest } from './action-request';
import type { MailTemplate } from './compose-mail';

/** A reminder of an unanswered action request, with the same link. */
export const reminder: MailTemplate<ReminderVars> = {
  render: (vars, locale) => renderActionRequest('reminder', vars, locale),
};
