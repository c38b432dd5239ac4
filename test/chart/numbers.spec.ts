import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { newWorkDir } from '../support/sidecar.ts';
import { envOf, podOf, render } from './rendered.ts';

// Numbers from a values file reach the templates as float64, which Go prints as 1.048576e+06 from a
// million up: --set gives int64 and hides it, so these come from a file, as users' values do.
const largeNumbers = {
  terminationGracePeriodSeconds: 2_000_000,
  app: { maxValueBytes: 2_097_152 },
  hazelcast: { gracefulShutdownSeconds: 1_000_000, config: { map: { sessions: { 'max-idle-seconds': 3_000_000 } } } },
};

function valuesFile(values: object): string {
  const file = join(newWorkDir('numbers'), 'values.yaml');
  writeFileSync(file, stringify(values));
  return file;
}

/** Every string and number in a rendered object, hazelcast.yaml parsed too, with its path. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value === 'string' && path.endsWith('hazelcast.yaml')) return leaves(parse(value), path);
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leaves(item, `${path}.${key}`));
  return [[path, value]];
}

describe('numbers in the rendered chart', () => {
  it('renders integers as integers everywhere, from the defaults and from a values file', async () => {
    for (const valuesFiles of [[], [valuesFile(largeNumbers)]]) {
      const floats = (await render({ valuesFiles }))
        .flatMap((manifest) => leaves(manifest, `${manifest.kind}/${manifest.metadata.name}`))
        .filter(([, value]) => /\d(\.\d+)?e\+\d\d/.test(String(value)) || (typeof value === 'number' && !Number.isInteger(value)));
      expect(floats).toEqual([]);
    }
  });

  it('passes large values on exactly', async () => {
    const manifests = await render({ valuesFiles: [valuesFile(largeNumbers)] });
    const { pod, app, member } = podOf(manifests);
    expect(envOf(app).MAX_VALUE_BYTES).toBe('2097152');
    expect(pod.terminationGracePeriodSeconds).toBe(2_000_000);
    expect(envOf(member).JAVA_OPTS).toContain('-Dhazelcast.graceful.shutdown.max.wait=1000000 ');
  });
});
