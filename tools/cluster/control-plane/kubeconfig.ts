// A kubeconfig that names files (no inline data), for kubectl, Helm, the components and the agent.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import type { KeyPair } from './certificates.ts';

export function writeKubeconfig(path: string, server: string, caCertPath: string, client: KeyPair, user: string): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority': caCertPath } }],
    users: [{ name: user, user: { 'client-certificate': client.certPath, 'client-key': client.keyPath } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user } }],
    'current-context': 'local',
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
