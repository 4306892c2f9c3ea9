export * from './types';
export {
  createIncidentActivities,
  type IncidentActivities,
  type IncidentActivityDeps,
} from './create-incident-activities';
export { createIncidentPointers, type IncidentPointers } from './incident-pointers';
export { createIncidentStarter, INCIDENT_WORKFLOW_TYPE } from './incident-starter';
export { purchasingContactFor } from './purchasing-contact';
export { INCIDENT_REGISTER_HEADER, incidentRegister, registerEntryOf } from './incident-register';
