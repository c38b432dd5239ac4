import type { V1Pod } from '@kubernetes/client-node';
import { resolvConfContent } from './dns.ts';

const pod = (spec: object = {}): V1Pod => ({ metadata: { namespace: 'shop' }, spec: { containers: [], ...spec } }) as V1Pod;

describe('resolvConfContent', () => {
  it('points a ClusterFirst Pod at the cluster DNS with its namespace first in the search path', () => {
    expect(resolvConfContent(pod(), '10.244.0.254', 'cluster.local')).toBe(
      'nameserver 10.244.0.254\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
    );
  });

  it("merges dnsConfig, an option of the same name replacing the kubelet's", () => {
    const content = resolvConfContent(
      pod({ dnsConfig: { searches: ['corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
      '10.244.0.254',
      'cluster.local',
    );
    expect(content).toContain('search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\n');
    expect(content).toContain('options ndots:2 edns0\n');
  });

  it("keeps the node's file for Default, for the host network, and when no cluster DNS runs", () => {
    expect(resolvConfContent(pod({ dnsPolicy: 'Default' }), '10.244.0.254', 'cluster.local')).toBeUndefined();
    expect(resolvConfContent(pod({ hostNetwork: true }), '10.244.0.254', 'cluster.local')).toBeUndefined();
    expect(resolvConfContent(pod(), undefined, 'cluster.local')).toBeUndefined();
  });

  it('writes only dnsConfig for None', () => {
    expect(resolvConfContent(pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.0.0.10'] } }), '10.244.0.254', 'x')).toBe(
      'nameserver 10.0.0.10\n',
    );
  });
});
