export { createReturnsActivities, type ReturnsActivities } from './create-returns-activities';
export {
  startReturn,
  createReturnStarter,
  RETURN_WORKFLOW_TYPE,
  type StartedReturn,
  type StartReturnOptions,
} from './start-return';
export * from './types';
