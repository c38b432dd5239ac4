// What a node runs besides the kubelet, as real components inside the node's network namespace:
// kube-proxy (iptables mode) serves ClusterIPs and NodePorts, CoreDNS serves cluster DNS on the
// bridge address. Their iptables rules and sockets stay in that namespace, never the host's.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { GiveUp, waitFor } from '../../pod-runtime/wait.ts';
import { binary } from './binaries.ts';
import { startComponent, type ComponentProcess } from './component-process.ts';

export interface NodeServicesSetup {
  readonly dir: string;
  readonly adminKubeconfig: string;
  readonly netns: string;
  readonly nodeName: string;
  readonly nodeAddress: string;
  readonly bridgeAddress: string;
  readonly podCIDR: string;
  readonly clusterDomain: string;
  readonly kubeProxyKubeconfig: string;
  readonly corednsKubeconfig: string;
  readonly corednsUser: string;
}

/** The RBAC of CoreDNS's own deployment manifest: read Services, EndpointSlices, Pods, Namespaces. */
function grantCorednsRead(setup: NodeServicesSetup): void {
  const rbac = [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: setup.corednsUser }],
    },
  ];
  const path = join(setup.dir, 'coredns-rbac.yaml');
  writeFileSync(path, rbac.map((object) => stringify(object)).join('---\n'));
  execFileSync(binary('kubectl'), ['--kubeconfig', setup.adminKubeconfig, 'apply', '-f', path], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Starts kube-proxy and CoreDNS, adding each to `owned` as it starts, so a failure cannot leak one. */
export async function startNodeServices(setup: NodeServicesSetup, owned: ComponentProcess[], timeoutMs: number): Promise<void> {
  const inNode = { netns: setup.netns };
  const kubeProxy = startComponent(
    'kube-proxy',
    binary('kube-proxy'),
    [
      `--kubeconfig=${setup.kubeProxyKubeconfig}`,
      `--hostname-override=${setup.nodeName}`,
      `--bind-address=${setup.nodeAddress}`,
      '--proxy-mode=iptables',
      `--cluster-cidr=${setup.podCIDR}`,
      // Pod to ClusterIP to a Pod on the same bridge: masquerading sends the reply back through the node.
      '--masquerade-all',
      // Conntrack limits are the host's (global) sysctls: leave them alone.
      '--conntrack-max-per-core=0',
      '--conntrack-tcp-timeout-established=0',
      '--conntrack-tcp-timeout-close-wait=0',
      '--conntrack-udp-timeout=0',
      '--conntrack-udp-timeout-stream=0',
      '--iptables-localhost-nodeports=false',
      '--healthz-bind-address=127.0.0.1:10256',
      '--metrics-bind-address=127.0.0.1:10249',
    ],
    { logFile: join(setup.dir, 'kube-proxy.log'), ...inNode },
  );
  owned.push(kubeProxy);

  grantCorednsRead(setup);
  const corefile = join(setup.dir, 'Corefile');
  writeFileSync(
    corefile,
    `.:53 {
    bind ${setup.bridgeAddress}
    errors
    kubernetes ${setup.clusterDomain} in-addr.arpa ip6.arpa {
        kubeconfig ${setup.corednsKubeconfig} local
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    cache 30
}
`,
  );
  const coredns = startComponent('coredns', binary('coredns'), ['-conf', corefile], { logFile: join(setup.dir, 'coredns.log'), ...inNode });
  owned.push(coredns);

  const resolver = new Resolver({ timeout: 1_000, tries: 1 });
  resolver.setServers([setup.bridgeAddress]);
  await waitFor(
    'CoreDNS to answer for the kubernetes Service',
    async () => {
      const exited = [kubeProxy, coredns].find((component) => !component.isRunning());
      if (exited) throw new GiveUp(`${exited.name} exited: see ${exited.logFile}`);
      return (await resolver.resolve4(`kubernetes.default.svc.${setup.clusterDomain}`)).length > 0;
    },
    { timeoutMs, intervalMs: 500 },
  );
}
