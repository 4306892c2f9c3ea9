/** The Temporal side of routing: status by workflow id, signal, and signal-with-start of `incidentWorkflow`. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { IncidentStarter } from './route-observations';

export const INCIDENT_WORKFLOW_TYPE = 'incidentWorkflow';
export const INCIDENT_OBSERVATION_SIGNAL = 'incidentObservation';

export function createIncidentStarter(client: Client, opts: { taskQueue: string }): IncidentStarter {
  return {
    async status(workflowId) {
      try {
        const d = await client.workflow.getHandle(workflowId).describe();
        return d.status.name === 'RUNNING' ? 'running' : 'closed';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'none';
        throw err;
      }
    },
    async signal(workflowId, observation) {
      await client.workflow.getHandle(workflowId).signal(INCIDENT_OBSERVATION_SIGNAL, observation);
    },
    async signalWithStart(workflowId, input, observation) {
      await client.workflow.signalWithStart(INCIDENT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: opts.taskQueue,
        args: [input],
        signal: INCIDENT_OBSERVATION_SIGNAL,
        signalArgs: [observation],
        // A closed incident's id is never reused: the router picks the next sequence number instead.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    },
  };
}
