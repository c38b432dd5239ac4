// A Pod's /etc/resolv.conf as the kubelet writes it (pkg/kubelet/network/dns): for dnsPolicy
// ClusterFirst (ClusterFirstWithHostNet on the host network) the cluster DNS with the namespace's
// search path and ndots:5, merged with the Pod's dnsConfig; None uses dnsConfig alone; Default, and
// ClusterFirst with no cluster DNS configured, keep the node's own file.
import type { V1Pod } from '@kubernetes/client-node';

/** The file's content, or undefined when the Pod uses the node's own resolv.conf. */
export function resolvConfContent(pod: V1Pod, clusterDNS: string | undefined, clusterDomain: string): string | undefined {
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const config = pod.spec?.dnsConfig ?? {};
  const hostNetwork = pod.spec?.hostNetwork ?? false;
  const clusterFirst = (policy === 'ClusterFirst' && !hostNetwork) || policy === 'ClusterFirstWithHostNet';
  if (policy !== 'None' && !(clusterFirst && clusterDNS)) return undefined;
  const namespace = pod.metadata?.namespace ?? 'default';
  const base =
    policy === 'None'
      ? { nameservers: [], searches: [], options: [] }
      : {
          nameservers: [clusterDNS as string],
          searches: [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain],
          options: ['ndots:5'],
        };
  const nameservers = [...new Set([...base.nameservers, ...(config.nameservers ?? [])])].slice(0, 3);
  const searches = [...new Set([...base.searches, ...(config.searches ?? [])])].slice(0, 32);
  const configured = (config.options ?? []).map((option) => (option.value !== undefined ? `${option.name}:${option.value}` : (option.name ?? '')));
  const overridden = new Set(configured.map((option) => option.split(':')[0]));
  const options = [...base.options.filter((option) => !overridden.has(option.split(':')[0])), ...configured];
  const lines = [
    ...nameservers.map((server) => `nameserver ${server}`),
    ...(searches.length > 0 ? [`search ${searches.join(' ')}`] : []),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
