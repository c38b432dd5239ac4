import { ImagePullError, containerProcess, type LocalArtifacts } from './images.ts';

const artifacts: LocalArtifacts = {
  nodeBinary: '/repo/node_modules/node/bin/node',
  builtApiDir: '/repo/dist/apps/api',
  hazelcastJar: '/repo/.cache/hazelcast/hazelcast-5.7.0.jar',
  hazelcastVersion: '5.7.0',
  prometheusAgentJar: '/repo/.cache/hazelcast/jmx_prometheus_javaagent.jar',
};

describe('containerProcess', () => {
  it("runs the app image's CMD with the pinned node in the built API's folder", () => {
    const process = containerProcess({ name: 'app', image: 'hazelcast-sidecar-api:ci' }, { PORT: '5000' }, artifacts);
    expect(process).toEqual({
      argv: ['/repo/node_modules/node/bin/node', 'main.js'],
      env: { NODE_ENV: 'production', PORT: '5000' },
      workingDir: '/repo/dist/apps/api',
      imageUser: 1000,
    });
  });

  it('starts the member as the image does: JAVA_OPTS after the defaults, the exporter on PROMETHEUS_PORT', () => {
    const { argv } = containerProcess(
      { name: 'hazelcast', image: 'hazelcast/hazelcast:5.7.0' },
      { JAVA_OPTS: '-Dhazelcast.config=/data/hazelcast/hazelcast.yaml  -Xmx300m', PROMETHEUS_PORT: '8080' },
      artifacts,
    );
    expect(argv).toEqual([
      'java',
      '-server',
      '-Djava.net.preferIPv4Stack=true',
      '-XX:MaxRAMPercentage=80.0',
      `-javaagent:${artifacts.prometheusAgentJar}=8080:/opt/hazelcast/config/jmx_agent_config.yaml`,
      '-Dhazelcast.config=/data/hazelcast/hazelcast.yaml',
      '-Xmx300m',
      '-cp',
      artifacts.hazelcastJar,
      'com.hazelcast.core.server.HazelcastMemberStarter',
    ]);
  });

  it('honours HAZELCAST_CONFIG', () => {
    const { argv } = containerProcess({ name: 'hz', image: 'hazelcast/hazelcast:5.7.0' }, { HAZELCAST_CONFIG: '/c/hz.yaml' }, artifacts);
    expect(argv).toContain('-Dhazelcast.config=/c/hz.yaml');
  });

  it('replaces ENTRYPOINT with command and CMD with args, $(VAR) expanded', () => {
    const process = containerProcess(
      { name: 't', image: 'curlimages/curl:8.11.1', command: ['/bin/sh', '-ec'], args: ['curl $(API)/get $$(KEEP)'], workingDir: '/w' },
      { API: 'http://demo:5000' },
      artifacts,
    );
    expect(process.argv).toEqual(['/bin/sh', '-ec', 'curl http://demo:5000/get $(KEEP)']);
    expect(process.workingDir).toBe('/w');
    expect(containerProcess({ name: 't', image: 'curlimages/curl:8.11.1', args: ['-fsS', 'x'] }, {}, artifacts).argv).toEqual([
      'curl',
      '-fsS',
      'x',
    ]);
    expect(containerProcess({ name: 'b', image: 'busybox:1.37' }, {}, artifacts).argv).toEqual(['sh']);
  });

  it('fails as a pull would for an image not in the table or a member version not on the node', () => {
    expect(() => containerProcess({ name: 'x', image: 'nginx:1.27' }, {}, artifacts)).toThrow(ImagePullError);
    expect(() => containerProcess({ name: 'x', image: 'hazelcast/hazelcast:5.6.0' }, {}, artifacts)).toThrow(
      'only 5.7.0 of hazelcast/hazelcast is on this node (asked: 5.6.0)',
    );
  });
});
