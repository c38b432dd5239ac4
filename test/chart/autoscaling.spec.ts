import { ofKind, only, render, type Manifest } from './rendered.ts';

// The HPA scales the app's Pods on the app container's CPU and memory (a sidecar Pod's member claims
// its heap at start and must not count), removing one Pod per period so partitions can migrate.
const ON = { 'autoscaling.enabled': true };
const hpaFor = (manifests: Manifest[], kind: string) => only(
  ofKind(manifests, 'HorizontalPodAutoscaler').filter((hpa) => hpa.spec.scaleTargetRef.kind === kind),
  'HorizontalPodAutoscaler',
);

describe('autoscaling', () => {
  it('is off by default: no HPA, the StatefulSet keeps replicaCount', async () => {
    const manifests = await render();
    expect(ofKind(manifests, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(only(manifests, 'StatefulSet').spec.replicas).toBe(2);
  });

  it("scales the sidecar StatefulSet (app and member together) on the app container's CPU and memory, its replicas left to the HPA", async () => {
    const manifests = await render({ set: { ...ON, 'autoscaling.minReplicas': 3, 'autoscaling.maxReplicas': 8 } });
    const statefulSet = only(manifests, 'StatefulSet');
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'StatefulSet', name: statefulSet.metadata.name });
    expect(statefulSet.spec).not.toHaveProperty('replicas');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([3, 8]);
    expect(hpa.spec.metrics).toEqual([
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'app', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });

  it('removes at most one Pod per scaleDownPeriodSeconds, after the stabilization window', async () => {
    const hpa = only(await render({ set: ON }), 'HorizontalPodAutoscaler');
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Min',
      policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
    });
  });

  it('in client-server scales the app Deployment and, when asked, the members on their own CPU', async () => {
    const manifests = await render({ set: { topology: 'client-server', ...ON, 'clientServer.memberAutoscaling.enabled': true } });
    expect(only(manifests, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(only(manifests, 'StatefulSet').spec).not.toHaveProperty('replicas');
    expect(hpaFor(manifests, 'Deployment').spec.metrics.map((metric: any) => metric.containerResource.container)).toEqual(['app', 'app']);
    const members = hpaFor(manifests, 'StatefulSet');
    expect(members.spec.scaleTargetRef.name).toBe(only(manifests, 'StatefulSet').metadata.name);
    expect(members.spec.minReplicas).toBe(3);
    expect(members.spec.metrics).toEqual([
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'hazelcast', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  it('refuses a minimum that leaves entries without backups, a minimum above the maximum and a PDB that drains more than one, all at once', async () => {
    const attempt = render({
      set: { ...ON, 'autoscaling.minReplicas': 1, 'autoscaling.maxReplicas': 1, 'podDisruptionBudget.maxUnavailable': 2 },
    });
    await expect(attempt).rejects.toThrow(/autoscaling\.minReplicas \(1\) must exceed hazelcast\.backupCount \(1\)[\s\S]*podDisruptionBudget\.maxUnavailable is 2/);
    await expect(render({ set: { ...ON, 'autoscaling.minReplicas': 5, 'autoscaling.maxReplicas': 3 } })).rejects.toThrow(
      /autoscaling\.minReplicas \(5\) is above autoscaling\.maxReplicas \(3\)/,
    );
  });
});
