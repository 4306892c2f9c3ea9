export { activityBoundary } from './activity-boundary';
export { reportProgress } from './report-progress';
export { toApplicationFailure } from './to-application-failure';
