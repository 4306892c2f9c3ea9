export {
  createDunningActivities,
  createDunningServices,
  type DunningActivities,
  type DunningActivityDeps,
} from './create-dunning-activities';
export { ChargeJournal, withPostedCharges } from './charge-journal';
export { DunningStateStore, type StoredDunningState } from './dunning-state-store';
export { createExcelCreditHoldWriter, type CreditHoldWriter } from './write-credit-hold';
export { letterKeyOf } from './evaluate-dealer';
export { letterMailKey, statementMailKey } from './dunning-mail-activities';
export * from './types';
