// The user a container runs as, from its securityContext over the Pod's (the kubelet's
// determineEffectiveSecurityContext), with runAsNonRoot checked as the kubelet checks it.
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import type { RunAs } from './container-process.ts';
import { ContainerConfigError } from './env.ts';

export interface ContainerSecurity {
  runAs?: RunAs;
  noNewPrivileges: boolean;
  dropAllCapabilities: boolean;
  readOnlyRootFilesystem: boolean;
}

export function containerSecurity(pod: V1Pod, container: V1Container, imageUser = 0): ContainerSecurity {
  const podContext = pod.spec?.securityContext ?? {};
  const context = container.securityContext ?? {};
  const uid = context.runAsUser ?? podContext.runAsUser ?? imageUser;
  const gid = context.runAsGroup ?? podContext.runAsGroup ?? uid;
  if ((context.runAsNonRoot ?? podContext.runAsNonRoot) && uid === 0) {
    throw new ContainerConfigError('container has runAsNonRoot and image will run as root');
  }
  const groups = [...(podContext.fsGroup !== undefined ? [podContext.fsGroup] : []), ...(podContext.supplementalGroups ?? [])];
  return {
    runAs: uid === 0 && gid === 0 && groups.length === 0 ? undefined : { uid, gid, groups: [...new Set([gid, ...groups])] },
    noNewPrivileges: context.allowPrivilegeEscalation === false,
    dropAllCapabilities: (context.capabilities?.drop ?? []).includes('ALL'),
    readOnlyRootFilesystem: context.readOnlyRootFilesystem ?? false,
  };
}
