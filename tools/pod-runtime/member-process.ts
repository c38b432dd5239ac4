// Runs a real Hazelcast member from the jar in .cache as a local process, the way the member
// container of the sidecar Pod runs it, but joined over TCP-IP on loopback: there is no
// Kubernetes API here, so the join section is the only part of a configuration we replace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startProcess, type OwnedProcess } from './child-process.ts';
import { hazelcastJar } from './paths.ts';
import { GiveUp, httpStatus, waitFor } from './wait.ts';

export interface MemberAddress {
  host: string;
  port: number;
}

export const formatAddress = ({ host, port }: MemberAddress) => `${host}:${port}`;

type HazelcastConfig = { hazelcast: Record<string, any> };

/** The smallest configuration a sidecar member needs; the chart's ConfigMap replaces it in Pod tests. */
export function defaultMemberConfig(clusterName = 'dev'): HazelcastConfig {
  return {
    hazelcast: {
      'cluster-name': clusterName,
      network: { 'rest-api': { enabled: true, 'endpoint-groups': { HEALTH_CHECK: { enabled: true } } } },
      map: { default: { 'backup-count': 1 } },
    },
  };
}

/**
 * Binds a configuration to one loopback address and joins it to its peers by TCP-IP.
 * Every other setting of `base` is kept as it is.
 */
export function bindToLoopback(base: HazelcastConfig, self: MemberAddress, peers: MemberAddress[]): HazelcastConfig {
  const hazelcast = structuredClone(base.hazelcast);
  const network = (hazelcast.network ??= {});
  network.port = { port: self.port, 'auto-increment': false };
  network['public-address'] = formatAddress(self);
  // Interface matching only sees 127.0.0.1 on lo: the member's own loopback address is given to the
  // JVM instead (hazelcast.local.localAddress, see startMember).
  delete network.interfaces;
  network.join = {
    'auto-detection': { enabled: false },
    multicast: { enabled: false },
    'tcp-ip': { enabled: true, 'member-list': peers.map(formatAddress) },
  };
  hazelcast.properties = {
    ...hazelcast.properties,
    // Hazelcast binds to every interface by default; Pods sharing one machine would collide on 5701.
    'hazelcast.socket.bind.any': false,
    'hazelcast.phone.home.enabled': false,
  };
  return { hazelcast };
}

export interface MemberOptions {
  name: string;
  self: MemberAddress;
  peers?: MemberAddress[];
  config?: HazelcastConfig;
  workDir: string;
  /** JVM options, e.g. taken from the rendered Pod's JAVA_OPTS. */
  javaOptions?: string[];
  /** Also print the member's output, each line tagged with this prefix. */
  echoPrefix?: string;
  /** More environment, e.g. the rendered member container's. */
  env?: Record<string, string>;
  /** The container's memory limit, enforced by the kernel (see memory-cgroup.ts). */
  memoryLimitBytes?: number;
}

export interface MemberProcess extends OwnedProcess {
  readonly address: MemberAddress;
  readonly configFile: string;
  /** Resolves once the member's own readiness endpoint answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** The cluster size this member reports on its health endpoint. */
  clusterSize(): Promise<number>;
}

// Small heaps and the serial collector keep several members inside a 2-core machine.
const defaultJavaOptions = ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-Djava.net.preferIPv4Stack=true'];

export function startMember(options: MemberOptions): MemberProcess {
  const { name, self, workDir } = options;
  const peers = options.peers ?? [self];
  const config = bindToLoopback(options.config ?? defaultMemberConfig(), self, peers);
  mkdirSync(workDir, { recursive: true });
  const configFile = join(workDir, `${name}-hazelcast.yaml`);
  writeFileSync(configFile, stringify(config));

  const args = [
    ...(options.javaOptions ?? defaultJavaOptions),
    '-Dhazelcast.phone.home.enabled=false',
    `-Dhazelcast.local.localAddress=${self.host}`,
    `-Dhazelcast.config=${configFile}`,
    '-cp',
    hazelcastJar,
    'com.hazelcast.core.server.HazelcastMemberStarter',
  ];
  const owned = startProcess(name, 'java', args, {
    env: { ...process.env, ...options.env, HZ_PHONE_HOME_ENABLED: 'false' },
    logFile: join(workDir, `${name}.log`),
    echoPrefix: options.echoPrefix,
    memoryLimitBytes: options.memoryLimitBytes,
  });
  const base = `http://${formatAddress(self)}/hazelcast/health`;

  return {
    ...owned,
    address: self,
    configFile,
    async ready(timeoutMs = 60_000) {
      await waitFor(
        `member ${name} at ${formatAddress(self)} to be ready`,
        async () => {
          if (!owned.isRunning()) throw new GiveUp(`member ${name} exited; log ${owned.logFile}`);
          return (await httpStatus(`${base}/ready`)) === 200;
        },
        { timeoutMs },
      );
    },
    async clusterSize() {
      const response = await fetch(base, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { clusterSize: number };
      return body.clusterSize;
    },
  };
}
