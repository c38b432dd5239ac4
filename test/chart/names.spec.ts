import { only, render, type Manifest } from './rendered.ts';

// Kubernetes limits: names of Services (and of Pods, as host names) are DNS labels of at most 63
// characters, and so is every label value. The StatefulSet controller labels each Pod
// controller-revision-hash=<statefulset>-<hash of up to 10 characters>: over 52 characters the label
// is invalid and the Pods are never created (kubernetes/kubernetes#64023).
const REVISION_HASH_LENGTH = 10;
const releaseOf = (length: number) => 'r'.repeat(length);

function labelSets(manifest: Manifest): Record<string, string>[] {
  const spec = manifest.spec ?? {};
  return [manifest.metadata.labels, spec.template?.metadata?.labels, spec.selector?.matchLabels, spec.selector].filter(
    (labels): labels is Record<string, string> => !!labels && Object.values(labels).every((value) => typeof value === 'string'),
  );
}

describe.each([40, 53])('a release name of %i characters (Helm allows 53)', (length) => {
  let manifests: Manifest[];
  beforeAll(async () => {
    manifests = await render({ releaseName: releaseOf(length), set: { 'metrics.serviceMonitor.enabled': true } });
  });

  it('keeps the StatefulSet name within 52 characters, so the controller-revision-hash label fits in 63', () => {
    const statefulSet = only(manifests, 'StatefulSet');
    expect(statefulSet.metadata.name.length).toBeLessThanOrEqual(52);
    expect(`${statefulSet.metadata.name}-${'h'.repeat(REVISION_HASH_LENGTH)}`.length).toBeLessThanOrEqual(63);
    const lastPod = `${statefulSet.metadata.name}-${statefulSet.spec.replicas - 1}`;
    expect(lastPod).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  });

  it('names every object with a DNS label of at most 63 characters, each name unique within its kind', () => {
    for (const manifest of manifests) {
      expect([manifest.kind, manifest.metadata.name]).toEqual([manifest.kind, expect.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)]);
    }
    const keys = manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps every label value within 63 characters', () => {
    const tooLong = manifests.flatMap((manifest) =>
      labelSets(manifest).flatMap((labels) =>
        Object.entries(labels)
          .filter(([, value]) => value.length > 63)
          .map(([key, value]) => `${manifest.kind}/${manifest.metadata.name} ${key}=${value}`),
      ),
    );
    expect(tooLong).toEqual([]);
  });
});
