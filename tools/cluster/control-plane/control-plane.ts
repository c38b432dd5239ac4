// startControlPlane(): etcd, kube-apiserver, kube-controller-manager and kube-scheduler, as a real
// cluster runs them (RBAC and the Node authorizer, the default admission plugins plus
// NodeRestriction, projected service-account tokens), with certificates made for this run.
// Only the API server leaves loopback, on the node network's root end, so Pods can reach it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GiveUp, waitFor } from '../../pod-runtime/wait.ts';
import { apiGet } from './api-client.ts';
import { binary, builtVersions, type ControlPlaneBinary } from './binaries.ts';
import { CertificateAuthority, serviceAccountKey, type KeyPair } from './certificates.ts';
import { startComponent, type ComponentProcess } from './component-process.ts';
import { freePort } from './free-port.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { createNodeNetwork, type NodeNetwork } from './node-network.ts';
import { startNodeServices } from './node-services.ts';

export interface ControlPlaneOptions {
  /** The Node the agent registers; its client certificate is made for system:node:<nodeName>. */
  nodeName?: string;
  /** Kill everything on SIGINT and SIGTERM (then die of the signal). A CLI that stops gracefully passes false. */
  handleSignals?: boolean;
  startTimeoutMs?: number;
  /** kube-proxy and CoreDNS in the node namespace (default); a cluster without Pods running needs neither. */
  nodeServices?: boolean;
}

export interface ControlPlaneNode extends Omit<NodeNetwork, 'remove' | 'hostAddress'> {
  readonly name: string;
  /** Credentials of system:node:<name> in system:nodes: what the Node authorizer admits. */
  readonly kubeconfigPath: string;
  readonly clientCertificate: KeyPair;
}

export interface ControlPlane {
  /** The run's directory: certificates, kubeconfigs, etcd's data, every component's log. */
  readonly dir: string;
  /** The cluster admin (system:masters), for kubectl, Helm and tests. */
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly caCertPath: string;
  /** What the `kubernetes` Service's Endpoints point at; a Pod's KUBERNETES_SERVICE_HOST/PORT. */
  readonly serviceHost: string;
  readonly servicePort: number;
  readonly serviceCIDR: string;
  readonly kubernetesServiceIP: string;
  readonly clusterDomain: string;
  /** CoreDNS, on the node's bridge: a Pod's resolv.conf nameserver (none without node services). */
  readonly dnsServer?: string;
  readonly version: string;
  readonly node: ControlPlaneNode;
  readonly components: readonly ComponentProcess[];
  /** Milliseconds from the call to a ready API server with the controllers running. */
  readonly startMs: number;
  stop(): Promise<void>;
}

const serviceCIDR = '10.96.0.0/16';
const kubernetesServiceIP = '10.96.0.1';
const clusterDomain = 'cluster.local';
const apiPort = 6443;
const live = new Set<() => void>();

process.once('exit', () => {
  for (const cleanUp of live) cleanUp();
});

function dieOfSignal(signal: NodeJS.Signals) {
  for (const cleanUp of live) cleanUp();
  process.kill(process.pid, signal);
}

export async function startControlPlane({ nodeName = 'local-node', handleSignals = true, startTimeoutMs = 120_000, nodeServices = true }: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const started = Date.now();
  const versions = builtVersions();
  const dir = mkdtempSync(join(tmpdir(), 'hazelcast-sidecar-cluster-'));
  const components: ComponentProcess[] = [];
  let network: NodeNetwork | undefined;
  let stopped = false;

  const cleanUpNow = () => {
    if (stopped) return;
    stopped = true;
    for (const component of components) component.killNow();
    network?.remove();
    rmSync(dir, { recursive: true, force: true });
    live.delete(cleanUpNow);
  };
  live.add(cleanUpNow);
  if (handleSignals) {
    process.once('SIGINT', dieOfSignal);
    process.once('SIGTERM', dieOfSignal);
  }
  const stop = async () => {
    if (stopped) return;
    // The reverse of the start order: nothing writes to etcd once it goes.
    for (const component of [...components].reverse()) await component.stop();
    cleanUpNow();
    if (handleSignals) {
      process.off('SIGINT', dieOfSignal);
      process.off('SIGTERM', dieOfSignal);
    }
  };

  try {
    network = createNodeNetwork();
    const server = `https://${network.hostAddress}:${apiPort}`;
    const ca = new CertificateAuthority(dir);
    const serving = ca.server(
      'kube-apiserver',
      ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${clusterDomain}`, 'localhost'],
      [network.hostAddress, kubernetesServiceIP, '127.0.0.1'],
    );
    const serviceAccount = serviceAccountKey(dir);
    const admin = ca.client('admin', { user: 'kubernetes-admin', groups: ['system:masters'] });
    const kubeconfig = (name: string, user: string, groups?: string[]) => {
      const path = join(dir, `${name}.kubeconfig`);
      const pair = ca.client(name, { user, groups });
      writeKubeconfig(path, server, ca.certPath, pair, user);
      return { path, pair };
    };
    const kubeconfigPath = join(dir, 'admin.kubeconfig');
    writeKubeconfig(kubeconfigPath, server, ca.certPath, admin, 'kubernetes-admin');
    const controllerManager = kubeconfig('controller-manager', 'system:kube-controller-manager');
    const scheduler = kubeconfig('scheduler', 'system:kube-scheduler');
    const node = kubeconfig('node', `system:node:${nodeName}`, ['system:nodes']);
    // The bootstrap policy binds system:node-proxier to this user.
    const kubeProxy = kubeconfig('kube-proxy', 'system:kube-proxy');
    const coredns = kubeconfig('coredns', 'system:coredns');
    // The API server calls the kubelet with this (logs, exec); the agent serves neither yet.
    const apiserverToKubelet = ca.client('apiserver-kubelet-client', { user: 'kube-apiserver-kubelet-client', groups: ['system:masters'] });

    const [etcdClientPort, etcdPeerPort] = [await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const start = (name: string, args: string[]) => {
      const component = startComponent(name, binary(name as ControlPlaneBinary), args, { logFile: join(dir, `${name}.log`) });
      components.push(component);
      return component;
    };
    start('etcd', [
      '--name=default',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      // A cluster that lives for one run needs no durability.
      '--unsafe-no-fsync',
    ]);
    start('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${network.hostAddress}`,
      `--advertise-address=${network.hostAddress}`,
      `--secure-port=${apiPort}`,
      `--cert-dir=${dir}`,
      `--tls-cert-file=${serving.certPath}`,
      `--tls-private-key-file=${serving.keyPath}`,
      `--client-ca-file=${ca.certPath}`,
      `--kubelet-client-certificate=${apiserverToKubelet.certPath}`,
      `--kubelet-client-key=${apiserverToKubelet.keyPath}`,
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      `--service-account-issuer=https://kubernetes.default.svc.${clusterDomain}`,
      `--service-account-key-file=${serviceAccount.publicKeyPath}`,
      `--service-account-signing-key-file=${serviceAccount.privateKeyPath}`,
      `--service-cluster-ip-range=${serviceCIDR}`,
      '--allow-privileged=true',
      '--profiling=false',
    ]);
    // Polls the API until `path` answers 200; gives up at once when a component has exited.
    const untilAnswered = (what: string, path: string) =>
      waitFor(
        what,
        async () => {
          const exited = components.find((component) => !component.isRunning());
          if (exited) throw new GiveUp(`${exited.name} exited: see ${exited.logFile}`);
          return (await apiGet(server, path, ca.certPath, admin)).status === 200;
        },
        { timeoutMs: startTimeoutMs, intervalMs: 250 },
      );
    await untilAnswered('the API server to be ready', '/readyz');
    start('kube-controller-manager', [
      `--kubeconfig=${controllerManager.path}`,
      `--root-ca-file=${ca.certPath}`,
      `--service-account-private-key-file=${serviceAccount.privateKeyPath}`,
      '--use-service-account-credentials=true',
      `--service-cluster-ip-range=${serviceCIDR}`,
      '--leader-elect=false',
      // Serves nothing: no port to collide with another cluster's.
      '--secure-port=0',
    ]);
    start('kube-scheduler', [`--kubeconfig=${scheduler.path}`, '--leader-elect=false', '--secure-port=0']);
    // Pods cannot be created in a namespace before its default ServiceAccount exists.
    await untilAnswered('the controller-manager to create the default ServiceAccount', '/api/v1/namespaces/default/serviceaccounts/default');

    if (nodeServices)
      await startNodeServices(
        {
          dir,
          adminKubeconfig: kubeconfigPath,
          netns: network.netns,
          nodeName,
          nodeAddress: network.nodeAddress,
          bridgeAddress: network.bridgeAddress,
          podCIDR: `${network.bridgeAddress.replace(/\.\d+$/, '.0')}/${network.podPrefixLength}`,
          clusterDomain,
          kubeProxyKubeconfig: kubeProxy.path,
          corednsKubeconfig: coredns.path,
          corednsUser: 'system:coredns',
        },
        components,
        startTimeoutMs,
      );

    const { index, netns, bridge, bridgeAddress, podPrefixLength, podAddresses, nodeAddress } = network;
    return {
      dir,
      kubeconfigPath,
      server,
      caCertPath: ca.certPath,
      serviceHost: network.hostAddress,
      servicePort: apiPort,
      serviceCIDR,
      kubernetesServiceIP,
      clusterDomain,
      dnsServer: nodeServices ? network.bridgeAddress : undefined,
      version: versions['kubernetes'],
      node: {
        ...{ index, netns, bridge, bridgeAddress, podPrefixLength, podAddresses, nodeAddress },
        name: nodeName,
        kubeconfigPath: node.path,
        clientCertificate: node.pair,
      },
      components,
      startMs: Date.now() - started,
      stop,
    };
  } catch (error) {
    const logs = components.map((component) => `--- ${component.name}\n${tail(component)}`).join('\n');
    await stop();
    throw new Error(`${(error as Error).message}\n${logs}`);
  }
}

function tail(component: ComponentProcess): string {
  try {
    return component.log().split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}
