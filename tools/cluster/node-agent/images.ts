// The node's "images": each image the chart runs, mapped to a local command with the image's own
// ENTRYPOINT/CMD, ENV and WORKDIR conventions. An image missing here fails as an image that cannot
// be pulled (ErrImagePull), as on a node without registry access.
import type { V1Container } from '@kubernetes/client-node';
import { expandReferences } from './expand.ts';

export interface LocalArtifacts {
  /** The pinned Node 24, the app image's `node`. */
  nodeBinary: string;
  /** dist/apps/api: main.js, resolving its dependencies from the checkout's node_modules. */
  builtApiDir: string;
  hazelcastJar: string;
  hazelcastVersion: string;
  /** The image's JMX exporter agent, started when PROMETHEUS_PORT is set; absent here if not fetched. */
  prometheusAgentJar?: string;
}

export interface ContainerProcess {
  argv: string[];
  env: Record<string, string>;
  workingDir: string;
  /** The image's USER: what the container runs as when its securityContext names no user. */
  imageUser: number;
}

interface LocalImage {
  /** The image's ENV, under the container's own env. */
  env: Record<string, string>;
  workingDir: string;
  /** ENTRYPOINT and CMD; a function when the image's entrypoint script reads the environment. */
  entrypoint: string[] | ((env: Record<string, string>) => string[]);
  cmd: string[];
  /** Names in argv[0] that mean a different file here than in the image. */
  binaries: Record<string, string>;
  /** The image's USER, when it is not root. */
  user?: number;
}

export class ImagePullError extends Error {}

const splitWords = (value: string | undefined) => (value ?? '').split(/\s+/).filter(Boolean);

/** What hazelcast/hazelcast's start script runs: JAVA_OPTS, HAZELCAST_CONFIG and PROMETHEUS_PORT honoured. */
function hazelcastEntrypoint(artifacts: LocalArtifacts) {
  return (env: Record<string, string>): string[] => {
    const prometheus =
      env.PROMETHEUS_PORT && artifacts.prometheusAgentJar
        ? [`-javaagent:${artifacts.prometheusAgentJar}=${env.PROMETHEUS_PORT}:${env.PROMETHEUS_CONFIG}`]
        : [];
    return [
      'java',
      '-server',
      ...splitWords(env.JAVA_OPTS_DEFAULT),
      ...(env.HAZELCAST_CONFIG ? [`-Dhazelcast.config=${env.HAZELCAST_CONFIG}`] : []),
      ...prometheus,
      ...splitWords(env.JAVA_OPTS),
      '-cp',
      artifacts.hazelcastJar,
      'com.hazelcast.core.server.HazelcastMemberStarter',
    ];
  };
}

function localImage(image: string, artifacts: LocalArtifacts): LocalImage {
  const [repository, tag = 'latest'] = splitImage(image);
  const shell = { env: {}, workingDir: '/', binaries: {} };
  if (repository === 'hazelcast-sidecar-api') {
    // The Dockerfile's runtime stage: WORKDIR /app, NODE_ENV=production, CMD ["node", "main.js"].
    return {
      env: { NODE_ENV: 'production' },
      workingDir: artifacts.builtApiDir,
      entrypoint: [],
      cmd: ['node', 'main.js'],
      binaries: { node: artifacts.nodeBinary },
      user: 1000,
    };
  }
  if (repository === 'hazelcast/hazelcast' || repository === 'docker.io/hazelcast/hazelcast') {
    if (tag !== artifacts.hazelcastVersion) {
      throw new ImagePullError(`only ${artifacts.hazelcastVersion} of hazelcast/hazelcast is on this node (asked: ${tag})`);
    }
    return {
      env: {
        HZ_HOME: '/opt/hazelcast',
        JAVA_OPTS_DEFAULT: '-Djava.net.preferIPv4Stack=true -XX:MaxRAMPercentage=80.0',
        PROMETHEUS_CONFIG: '/opt/hazelcast/config/jmx_agent_config.yaml',
      },
      workingDir: '/',
      entrypoint: hazelcastEntrypoint(artifacts),
      cmd: [],
      binaries: {},
    };
  }
  // curlimages/curl: ENTRYPOINT curl; busybox: CMD sh. Both run the machine's own tools.
  if (repository === 'curlimages/curl') return { ...shell, entrypoint: ['curl'], cmd: [], user: 100 };
  if (repository === 'busybox') return { ...shell, entrypoint: [], cmd: ['sh'] };
  throw new ImagePullError(`image ${image} is not in the node agent's image table`);
}

function splitImage(image: string): [string, string | undefined] {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > withoutDigest.lastIndexOf('/')) return [withoutDigest.slice(0, colon), withoutDigest.slice(colon + 1)];
  return [withoutDigest, undefined];
}

/**
 * The process a container runs: command replaces ENTRYPOINT (and drops CMD), args replace CMD, both
 * with $(VAR) expanded against the container's environment, as the kubelet does.
 */
export function containerProcess(
  container: V1Container,
  containerEnv: Record<string, string>,
  artifacts: LocalArtifacts,
): ContainerProcess {
  const image = localImage(container.image ?? '', artifacts);
  const env = { ...image.env, ...containerEnv };
  const expand = (value: string) => expandReferences(value, (name) => containerEnv[name]);
  const entrypoint = typeof image.entrypoint === 'function' ? image.entrypoint(env) : image.entrypoint;
  const command = container.command?.map(expand) ?? entrypoint;
  const args = container.args?.map(expand) ?? (container.command ? [] : image.cmd);
  const argv = [...command, ...args];
  if (argv.length === 0) throw new ImagePullError(`container ${container.name}: no command and the image has none`);
  argv[0] = image.binaries[argv[0]] ?? argv[0];
  return { argv, env, workingDir: container.workingDir ?? image.workingDir, imageUser: image.user ?? 0 };
}
