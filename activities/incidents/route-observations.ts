/**
 * Routes the detector's findings to incident workflows, one open incident per key: a key whose pointer names a
 * running incident gets the observation as a signal (attached); a new signal opens an incident with
 * signal-with-start under `incident-<month>-<part>-<mode>` (`-2`, `-3` … when that id was used by a closed
 * incident of the same month). The pointer is written before the start, under the key's lock, so two detector
 * runs cannot open two incidents for one key; a retried route finds the pointer and attaches (the incident
 * ignores a second observation for the same day).
 */
import { asyncLocalStorage } from '@temporalio/activity';
import { incidentWorkflowId } from '../../domain/early-warning/incident-key';
import type { DataRef } from '../archive/types';
import type { IncidentPointers } from './incident-pointers';
import type { IncidentInput, IncidentObservation, RouteResult, RoutedObservation } from './types';

/** What routing needs of Temporal (built from a client in createIncidentStarter). */
export interface IncidentStarter {
  status(workflowId: string): Promise<'running' | 'closed' | 'none'>;
  signal(workflowId: string, observation: IncidentObservation): Promise<void>;
  signalWithStart(workflowId: string, input: IncidentInput, observation: IncidentObservation): Promise<void>;
}

export interface RouteDeps {
  pointers: IncidentPointers;
  starter: IncidentStarter;
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
}

/** The evidence names its incident once the id is known (the PDF prints it). */
async function withIncidentId(deps: RouteDeps, o: IncidentObservation, id: string): Promise<IncidentObservation> {
  if (!o.evidenceRef) return o;
  const data = await deps.work.getJson<Record<string, unknown>>(o.evidenceRef);
  return { ...o, evidenceRef: await deps.work.putJson({ ...data, incidentId: id }) };
}

export async function routeObservation(deps: RouteDeps, r: RoutedObservation): Promise<RouteResult> {
  return deps.pointers.withKey(r.key, async () => {
    const ptr = await deps.pointers.get(r.key);
    if (ptr) {
      if ((await deps.starter.status(ptr.workflowId)) === 'running') {
        await deps.starter.signal(ptr.workflowId, await withIncidentId(deps, r.observation, ptr.workflowId));
        return { key: r.key, workflowId: ptr.workflowId, status: 'attached' };
      }
      await deps.pointers.release(r.key, ptr.workflowId); // the incident closed (or was ended by hand)
    }
    if (!r.open) return { key: r.key, workflowId: ptr?.workflowId ?? '', status: 'closed-skipped' };
    const { input, baseline } = r.open;
    for (let seq = 1; ; seq++) {
      const id = incidentWorkflowId(input.openedOn, input.partNo, input.failureName, seq);
      const state = await deps.starter.status(id);
      if (state === 'closed') continue;
      await deps.pointers.put({ key: r.key, workflowId: id, openedOn: input.openedOn, baseline });
      const observation = await withIncidentId(deps, r.observation, id);
      if (state === 'running') {
        // Running without a pointer (the pointer file was lost): attach rather than open a second incident.
        await deps.starter.signal(id, observation);
        return { key: r.key, workflowId: id, status: 'attached' };
      }
      await deps.starter.signalWithStart(id, { ...input, incidentId: id }, observation);
      return { key: r.key, workflowId: id, status: 'opened' };
    }
  });
}

export async function routeObservations(deps: RouteDeps, routes: readonly RoutedObservation[]): Promise<RouteResult[]> {
  const out: RouteResult[] = [];
  for (const r of routes) {
    out.push(await routeObservation(deps, r));
    asyncLocalStorage.getStore()?.heartbeat({ routed: out.length, of: routes.length });
  }
  return out;
}
