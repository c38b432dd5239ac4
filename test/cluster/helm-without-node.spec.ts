// Helm against the real API server and controllers, with no node to run Pods: what the API server
// accepts and what the StatefulSet controller does with the chart, before any Pod runs.
import { chartDir } from '../../tools/pod-runtime/paths.ts';
import { waitFor } from '../../tools/pod-runtime/wait.ts';
import { startControlPlane, type ControlPlane } from '../../tools/cluster/control-plane/control-plane.ts';
import { getJson, helm } from './cluster-fixture.ts';

interface PodList {
  items: Array<{ metadata: { name: string; labels?: Record<string, string> }; spec: { nodeName?: string }; status: { phase: string; conditions?: Array<{ type: string; status: string; reason?: string }> } }>;
}
interface EventList {
  items: Array<{ reason: string; message: string; involvedObject: { kind: string; name: string } }>;
}

describe('helm install on the control plane alone', () => {
  let plane: ControlPlane;

  beforeAll(async () => {
    plane = await startControlPlane({ nodeServices: false });
  }, 180_000);
  afterAll(() => plane?.stop());

  it('is accepted; the StatefulSet controller creates the first Pod, which stays Pending with no node, and waits for it (ordered start)', async () => {
    const install = await helm(plane, ['install', 'demo', chartDir, '--namespace', 'pending', '--create-namespace']);
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    const pods = await waitFor(
      'the scheduler to find no node for the first Pod',
      async () => {
        const list = await getJson<PodList>(plane, ['pods', '--namespace', 'pending']);
        const unschedulable = list.items.some((pod) => pod.status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'));
        return unschedulable && list;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(pods.items.map((pod) => [pod.metadata.name, pod.status.phase, pod.spec.nodeName])).toEqual([['demo-hazelcast-sidecar-0', 'Pending', undefined]]);
    const events = await getJson<EventList>(plane, ['events', '--namespace', 'pending']);
    expect(events.items.filter((event) => event.reason === 'FailedScheduling').map((event) => event.message)).toContain('no nodes available to schedule pods');
  }, 300_000);

  // kubernetes/kubernetes#64023: the controller-revision-hash label is the StatefulSet's name plus a
  // hash, over 63 characters once the name passes 52; the chart cuts its names to fit.
  it("with the longest release name Helm takes (53 characters), the StatefulSet controller still creates the first Pod", async () => {
    const release = 'a-release-name-of-exactly-fifty-three-characters-long';
    expect(release).toHaveLength(53);
    const install = await helm(plane, ['install', release, chartDir, '--namespace', 'long-name', '--create-namespace']);
    expect(install.code).toBe(0);
    const pods = await waitFor(
      'the first Pod of the long-named release',
      async () => {
        const list = await getJson<PodList>(plane, ['pods', '--namespace', 'long-name']);
        return list.items.length > 0 && list;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(pods.items[0].metadata.labels?.['controller-revision-hash']?.length).toBeLessThanOrEqual(63);
    const events = await getJson<EventList>(plane, ['events', '--namespace', 'long-name']);
    expect(events.items.filter((event) => event.reason === 'FailedCreate')).toEqual([]);
  }, 300_000);
});
