import type { V1Pod } from '@kubernetes/client-node';
import { containerSecurity } from './security.ts';

const pod = (securityContext: object): V1Pod => ({ spec: { containers: [], securityContext } }) as V1Pod;

describe('containerSecurity', () => {
  it("takes the container's user over the Pod's and adds fsGroup to the groups", () => {
    const security = containerSecurity(pod({ runAsUser: 100, fsGroup: 65534 }), {
      name: 'hazelcast',
      securityContext: {
        runAsUser: 65534,
        runAsGroup: 65534,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      },
    });
    expect(security).toEqual({
      runAs: { uid: 65534, gid: 65534, groups: [65534] },
      noNewPrivileges: true,
      dropAllCapabilities: true,
      readOnlyRootFilesystem: true,
    });
  });

  it("falls back to the image's user, and refuses root under runAsNonRoot", () => {
    expect(containerSecurity(pod({}), { name: 'app' }, 1000).runAs).toEqual({ uid: 1000, gid: 1000, groups: [1000] });
    expect(() => containerSecurity(pod({ runAsNonRoot: true }), { name: 'x' })).toThrow(
      'container has runAsNonRoot and image will run as root',
    );
    expect(containerSecurity(pod({}), { name: 'x' }).runAs).toBeUndefined();
  });
});
