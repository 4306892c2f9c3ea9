// Routing the detector's findings on the run's real dev server: one open incident per key even when two detector
// runs route the same signal at once; later findings attach; a key whose incident closed opens the next one
// (`-2` in the same month). No worker is needed: signal-with-start creates the run, signals queue in its history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkStore } from '../../../activities/archive/work-store';
import {
  createIncidentPointers,
  createIncidentStarter,
  type IncidentObservation,
  type RoutedObservation,
} from '../../../activities/incidents';
import { routeObservation, routeObservations } from '../../../activities/incidents/route-observations';
import { connectClient, uniqueTaskQueue } from '../../support/temporal';

let client: Client;
const started: string[] = [];
beforeAll(async () => {
  client = await connectClient();
});
afterAll(async () => {
  for (const id of started)
    await client.workflow
      .getHandle(id)
      .terminate('test cleanup')
      .catch(() => undefined);
  await client.connection.close();
});

const tag = Math.random().toString(36).slice(2, 8).toUpperCase();
const PART = `T${tag}`;
const KEY = `${PART}|F07`;
const baseline = {
  rate: 0.1,
  ratePerDay: 0.1,
  baselineCount: 5,
  baselineExposure: 56,
  volumeAdjusted: false,
  from: '2026-09-04',
  to: '2026-10-29',
};

function observation(asOf: string, active: boolean, evidenceRef?: { sha256: string }): IncidentObservation {
  return {
    asOf,
    active,
    observed: active ? 11 : 0,
    expected: 1,
    pValue: active ? 3e-8 : 1,
    cusum: 0,
    firedBy: active ? ['poisson'] : [],
    scopes: [],
    ...(evidenceRef ? { evidenceRef } : {}),
    detectorRunId: `early-warning-${asOf}`,
  };
}

describe('routing to one open incident per key (real dev server)', () => {
  it('two runs at once open one incident; checks attach; a closed incident frees the key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ew-route-'));
    const work = new WorkStore({ root });
    const deps = {
      pointers: createIncidentPointers(root),
      starter: createIncidentStarter(client, { taskQueue: uniqueTaskQueue('route') }),
      work,
    };
    const evidenceRef = await work.putJson({ partNo: PART, events: [] });
    const signal = (asOf: string): RoutedObservation => ({
      key: KEY,
      open: {
        input: { key: KEY, partNo: PART, failureCode: 'F07', failureName: '异响', suppliers: ['华信'], openedOn: asOf },
        baseline,
      },
      observation: observation(asOf, true, evidenceRef),
    });
    const id = `incident-2026-11-${PART}-异响`;
    started.push(id, `${id}-2`);

    const [a, b] = await Promise.all([
      routeObservation(deps, signal('2026-11-12')),
      routeObservation(deps, signal('2026-11-12')),
    ]);
    expect([a.status, b.status].sort()).toEqual(['attached', 'opened']);
    expect([a.workflowId, b.workflowId]).toEqual([id, id]);
    expect(await deps.pointers.get(KEY)).toMatchObject({ key: KEY, workflowId: id, openedOn: '2026-11-12', baseline });

    // The next day's check (no `open`: the detector knew the key was open) attaches too.
    expect(await routeObservations(deps, [{ key: KEY, observation: observation('2026-11-13', false) }])).toEqual([
      { key: KEY, workflowId: id, status: 'attached' },
    ]);
    const history = await client.workflow.getHandle(id).fetchHistory();
    const signals = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals.map((e) => e.workflowExecutionSignaledEventAttributes!.signalName)).toEqual([
      'incidentObservation',
      'incidentObservation',
      'incidentObservation',
    ]);
    // The evidence names the incident it belongs to (the id is chosen while routing).
    const payload = signals[0]!.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!.data!;
    const sent = JSON.parse(Buffer.from(payload).toString('utf8')) as IncidentObservation;
    expect(sent.evidenceRef).not.toEqual(evidenceRef);
    expect(await work.getJson(sent.evidenceRef!)).toEqual({ partNo: PART, events: [], incidentId: id });
    expect((await client.workflow.getHandle(id).describe()).status.name).toBe('RUNNING');

    // Closed by hand: a check finds nothing to tell and frees the key; the next signal in the month opens -2.
    await client.workflow.getHandle(id).terminate('closed for the test');
    expect(await routeObservation(deps, { key: KEY, observation: observation('2026-11-20', false) })).toEqual({
      key: KEY,
      workflowId: id,
      status: 'closed-skipped',
    });
    expect(await deps.pointers.get(KEY)).toBeNull();
    expect(await routeObservation(deps, signal('2026-11-25'))).toEqual({
      key: KEY,
      workflowId: `${id}-2`,
      status: 'opened',
    });
    expect((await deps.pointers.list()).map((p) => p.workflowId)).toEqual([`${id}-2`]);
  });
});
