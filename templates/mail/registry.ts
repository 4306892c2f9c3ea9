import { actionRequest } from './action-request';
import { escalation } from './escalation';
import { reminder } from './reminder';
import { reportDelivery } from './report-delivery';
import { stocktakeNotice } from './stocktake-notice';
import { dunningStatement } from './dunning-statement';
import { dunningLetter } from './dunning-letter';
import { returnReceiptReminder } from './return-receipt-reminder';
import { returnOutcome } from './return-outcome';
import { returnRegisterProblems } from './return-register-problems';
import { supplierClaimResult } from './supplier-claim-result';
import { qualityFeedbackMail } from './quality-feedback';
import { incidentAlert } from './incident-alert';
import { incidentNotice } from './incident-notice';

/**
 * Every mail template by name. Adding one: a file exporting a `MailTemplate<Vars>` and one line here;
 * renderMail then type-checks its variables.
 */
export const mailTemplates = {
  'report-delivery': reportDelivery,
  'action-request': actionRequest,
  reminder,
  escalation,
  'stocktake-notice': stocktakeNotice,
  'dunning-statement': dunningStatement,
  'dunning-letter': dunningLetter,
  'return-receipt-reminder': returnReceiptReminder,
  'return-outcome': returnOutcome,
  'return-register-problems': returnRegisterProblems,
  'supplier-claim-result': supplierClaimResult,
  'quality-feedback': qualityFeedbackMail,
  'incident-alert': incidentAlert,
  'incident-notice': incidentNotice,
};
