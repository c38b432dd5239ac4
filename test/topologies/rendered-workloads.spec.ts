import { renderChart } from '../../tools/pod-runtime/chart.ts';
import { workloadTemplatesFrom } from '../../tools/pod-runtime/rendered-pod.ts';
import { LocalRelease } from '../../tools/pod-runtime/release.ts';

// What the pod runtime reads from each topology's rendering: one workload with both containers, or
// the members' StatefulSet and the app's Deployment.
const options = { addressPrefix: '127.0.46', memberAddressPrefix: '127.0.47', workDir: '/nonexistent' };

describe("the pod runtime's reading of a rendering", () => {
  it('reads the sidecar StatefulSet as one workload whose Pods hold the app and the member', async () => {
    const workloads = workloadTemplatesFrom(await renderChart());
    expect(workloads.map(({ kind, app, member }) => [kind, app?.name, member?.name])).toEqual([['StatefulSet', 'app', 'hazelcast']]);
    expect(new LocalRelease(await renderChart(), options).topology).toBe('sidecar');
  });

  it("reads client-server as the members' StatefulSet (with its hazelcast.yaml) and the app's Deployment", async () => {
    const manifests = await renderChart({ set: { topology: 'client-server', 'clientServer.memberReplicas': 3 } });
    const workloads = workloadTemplatesFrom(manifests);
    expect(workloads.map(({ kind, app, member, replicas }) => [kind, app?.name, member?.name, replicas])).toEqual([
      ['Deployment', 'app', undefined, 2],
      ['StatefulSet', undefined, 'hazelcast', 3],
    ]);
    expect(workloads[1].member?.config.hazelcast['cluster-name']).toBe('dev');
    const release = new LocalRelease(manifests, options);
    expect([release.topology, release.apps.template.kind, release.members.template.kind]).toEqual(['client-server', 'Deployment', 'StatefulSet']);
  });

  it('says plainly that an existing cluster named by values is not emulated', async () => {
    const manifests = await renderChart({ set: { topology: 'client-server', 'clientServer.externalMembers': '{hz:5701}' } });
    expect(() => new LocalRelease(manifests, options)).toThrow('an existing cluster is not emulated here');
  });
});
