export {
  createApprovalActivities,
  type ActionRequestInput,
  type ActionRequestReceipt,
  type ApprovalActivities,
  type ApprovalActivityDeps,
} from './send-action-request';
