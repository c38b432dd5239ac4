// A Pod's volumes written to files, as the kubelet's volume plugins do, under the Pod's folder:
// ConfigMaps, Secrets, emptyDirs, downward API and projected volumes (the service-account token
// from the TokenRequest API, bound to the Pod, with the CA and the namespace). Containers then see
// them at their mount paths through bind mounts in their own mount namespace.
import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { V1Container, V1KeyToPath, V1Pod, V1Volume, V1VolumeProjection } from '@kubernetes/client-node';
import { STAGING_DIR, type Mount } from './container-process.ts';
import { ContainerConfigError, fieldValue } from './env.ts';

export interface VolumeSources {
  configMap(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  secret(namespace: string, name: string): Promise<Record<string, string> | undefined>;
  /** A token of the Pod's ServiceAccount bound to the Pod (TokenRequest), as the kubelet asks for it. */
  serviceAccountToken(pod: V1Pod, audience: string | undefined, expirationSeconds: number): Promise<string>;
  podIP: string;
  hostIP: string;
}

/** The kubelet's FailedMount: the Pod's containers wait in ContainerCreating until it is fixed. */
export class MountError extends Error {}

type Files = Map<string, { content: string; mode?: number }>;

function selectKeys(data: Record<string, string>, items: V1KeyToPath[] | undefined, what: string, optional?: boolean): Files {
  const files: Files = new Map();
  for (const item of items ?? Object.keys(data).map((key): V1KeyToPath => ({ key, path: key }))) {
    if (data[item.key] === undefined) {
      if (optional) continue;
      throw new MountError(`${what}: key ${item.key} not found`);
    }
    files.set(item.path, { content: data[item.key], mode: item.mode });
  }
  return files;
}

async function projectionFiles(pod: V1Pod, projection: V1VolumeProjection, sources: VolumeSources): Promise<Files> {
  const namespace = pod.metadata?.namespace ?? 'default';
  if (projection.serviceAccountToken) {
    const { audience, expirationSeconds = 3600, path } = projection.serviceAccountToken;
    return new Map([[path, { content: await sources.serviceAccountToken(pod, audience, expirationSeconds) }]]);
  }
  if (projection.configMap) return configMapFiles(namespace, projection.configMap, sources);
  if (projection.secret) return secretFiles(namespace, projection.secret, sources);
  if (projection.downwardAPI) return downwardFiles(pod, projection.downwardAPI.items ?? [], sources);
  throw new MountError('a projected source the agent does not know (clusterTrustBundle, podCertificate)');
}

async function configMapFiles(
  namespace: string,
  ref: { name?: string; items?: V1KeyToPath[]; optional?: boolean },
  sources: VolumeSources,
): Promise<Files> {
  const name = ref.name ?? '';
  const data = await sources.configMap(namespace, name);
  if (!data) {
    if (ref.optional) return new Map();
    throw new MountError(`configmap "${name}" not found`);
  }
  return selectKeys(data, ref.items, `configmap ${namespace}/${name}`, ref.optional);
}

async function secretFiles(
  namespace: string,
  ref: { name?: string; secretName?: string; items?: V1KeyToPath[]; optional?: boolean },
  sources: VolumeSources,
): Promise<Files> {
  const name = ref.secretName ?? ref.name ?? '';
  const data = await sources.secret(namespace, name);
  if (!data) {
    if (ref.optional) return new Map();
    throw new MountError(`secret "${name}" not found`);
  }
  return selectKeys(data, ref.items, `secret ${namespace}/${name}`, ref.optional);
}

function downwardFiles(pod: V1Pod, items: { path: string; fieldRef?: { fieldPath: string }; mode?: number }[], sources: VolumeSources): Files {
  const files: Files = new Map();
  for (const item of items) {
    if (!item.fieldRef) throw new MountError(`downward API item ${item.path}: only fieldRef is supported`);
    try {
      files.set(item.path, { content: fieldValue(pod, item.fieldRef.fieldPath, sources), mode: item.mode });
    } catch (error) {
      if (error instanceof ContainerConfigError) throw new MountError(error.message);
      throw error;
    }
  }
  return files;
}

function writeFiles(dir: string, files: Files, defaultMode: number): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  for (const [path, { content, mode }] of files) {
    if (path.split('/').includes('..')) throw new MountError(`volume path ${path} must not contain '..'`);
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true, mode: 0o755 });
    writeFileSync(file, content);
    chmodSync(file, mode ?? defaultMode);
  }
}

/** Writes every volume of the Pod under podDir/volumes; returns each volume's folder (or file) by name. */
export async function prepareVolumes(pod: V1Pod, podDir: string, sources: VolumeSources): Promise<Map<string, string>> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const paths = new Map<string, string>();
  for (const volume of pod.spec?.volumes ?? []) {
    const dir = join(podDir, 'volumes', volume.name);
    paths.set(volume.name, volume.hostPath ? volume.hostPath.path : dir);
    await writeVolume(pod, volume, dir, namespace, sources);
  }
  return paths;
}

async function writeVolume(pod: V1Pod, volume: V1Volume, dir: string, namespace: string, sources: VolumeSources): Promise<void> {
  if (volume.emptyDir) {
    mkdirSync(dir, { recursive: true });
    // The kubelet makes emptyDirs world-writable: any user of the Pod may write there.
    chmodSync(dir, 0o777);
  } else if (volume.configMap) {
    writeFiles(dir, await configMapFiles(namespace, volume.configMap, sources), volume.configMap.defaultMode ?? 0o644);
  } else if (volume.secret) {
    writeFiles(dir, await secretFiles(namespace, volume.secret, sources), volume.secret.defaultMode ?? 0o644);
  } else if (volume.downwardAPI) {
    writeFiles(dir, downwardFiles(pod, volume.downwardAPI.items ?? [], sources), volume.downwardAPI.defaultMode ?? 0o644);
  } else if (volume.projected) {
    const files: Files = new Map();
    for (const projection of volume.projected.sources ?? []) {
      for (const [path, file] of await projectionFiles(pod, projection, sources)) files.set(path, file);
    }
    writeFiles(dir, files, volume.projected.defaultMode ?? 0o644);
  } else if (!volume.hostPath) {
    throw new MountError(`volume ${volume.name}: only emptyDir, configMap, secret, downwardAPI, projected and hostPath are supported`);
  }
}

/** Whether a mount at target hides path, a folder or file under it. */
const covers = (target: string, path: string) => path.startsWith(`${target.replace(/\/+$/, '')}/`);

/**
 * The checkout, which stands in for the image's files (images.ts), bound back at its own path when a
 * volume covers it (an emptyDir at /tmp, the checkout under /tmp): a volume never hides an image's /opt.
 */
export function imageMounts(mounts: Mount[], imageRoot: string, readOnly: boolean): Mount[] {
  return mounts.some((mount) => covers(mount.target, imageRoot)) ? [{ source: imageRoot, target: imageRoot, readOnly }] : [];
}

/** The container's bind mounts: the kubelet-managed /etc/hosts and resolv.conf, then its volumeMounts. */
export function containerMounts(container: V1Container, volumes: Map<string, string>, hostsFile: string, resolvConf?: string): Mount[] {
  const mounts: Mount[] = [{ source: hostsFile, target: '/etc/hosts', readOnly: false }];
  if (resolvConf) mounts.push({ source: resolvConf, target: '/etc/resolv.conf', readOnly: false });
  for (const mount of container.volumeMounts ?? []) {
    const source = volumes.get(mount.name);
    if (!source) throw new MountError(`container ${container.name} mounts ${mount.name}, which is not a volume of the Pod`);
    if (STAGING_DIR === mount.mountPath || covers(mount.mountPath, STAGING_DIR)) {
      throw new MountError(`container ${container.name} mounts ${mount.name} at ${mount.mountPath}, over the node agent's ${STAGING_DIR}`);
    }
    mounts.push({ source: mount.subPath ? join(source, mount.subPath) : source, target: mount.mountPath, readOnly: mount.readOnly ?? false });
  }
  return mounts;
}

export interface HostsEntries {
  podIP: string;
  hostname: string;
  /** The Pod's FQDN when it has a subdomain (a StatefulSet's headless Service). */
  fqdn?: string;
  /** Names mapped because no cluster DNS serves them here (tools/cluster/README.md, Node agent). */
  extra: { address: string; names: string[] }[];
}

/** The kubelet-managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function hostsFileContent({ podIP, hostname, fqdn, extra }: HostsEntries): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    fqdn ? `${podIP}\t${fqdn}\t${hostname}` : `${podIP}\t${hostname}`,
  ];
  if (extra.length > 0) lines.push('', '# Added by the node agent: no cluster DNS serves these names here.');
  for (const entry of extra) lines.push(`${entry.address}\t${entry.names.join('\t')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Mount points made on the machine for paths a container mounts over (a bind mount needs its target
 * to exist); removed, if still empty, when the agent stops.
 */
export class MountPoints {
  private readonly created = new Set<string>();

  ensure(mount: Mount): void {
    this.create(mount.target, statSync(mount.source).isFile());
  }

  ensureDirectory(path: string): void {
    this.create(path, false);
  }

  private create(target: string, isFile: boolean): void {
    if (existsSync(target)) return;
    let top = target;
    while (!existsSync(dirname(top))) top = dirname(top);
    mkdirSync(isFile ? dirname(target) : target, { recursive: true });
    if (isFile) writeFileSync(target, '');
    this.created.add(top);
  }

  removeAll(): void {
    for (const path of this.created) removeIfEmpty(path);
    this.created.clear();
  }
}

function removeIfEmpty(path: string): void {
  try {
    const stat = statSync(path);
    if (stat.isFile()) {
      if (stat.size === 0) rmSync(path);
      return;
    }
    for (const entry of readdirSync(path)) removeIfEmpty(join(path, entry));
    rmdirSync(path);
  } catch {
    // Not empty (someone else's files) or gone.
  }
}
