// A rendered release as local Pods, in either topology: sidecar (one StatefulSet, each Pod with the
// app and its member) or client-server (the members' StatefulSet, then the app's Deployment, whose
// members Service resolves to the member Pods). `apps` serve HTTP, `members` hold the data.
import { LocalPodSet, type PodSetOptions } from './pod-set.ts';
import { workloadTemplatesFrom } from './rendered-pod.ts';

export interface ReleaseOptions extends Omit<PodSetOptions, 'addressPrefix' | 'members'> {
  /** The first three octets of the app Pods' addresses (the sidecar Pods' too). */
  addressPrefix: string;
  /** The same for the member Pods of client-server. */
  memberAddressPrefix: string;
}

export class LocalRelease {
  readonly topology: 'sidecar' | 'client-server';
  readonly apps: LocalPodSet;
  readonly members: LocalPodSet;

  constructor(manifests: any[], options: ReleaseOptions) {
    const workloads = workloadTemplatesFrom(manifests);
    const sidecar = workloads.find((workload) => workload.app && workload.member);
    if (sidecar) {
      this.topology = 'sidecar';
      this.apps = this.members = new LocalPodSet(sidecar, options);
      return;
    }
    const members = workloads.find((workload) => workload.member);
    const apps = workloads.find((workload) => workload.app);
    if (!members || !apps) throw new Error('the rendering runs no member: an existing cluster is not emulated here');
    this.topology = 'client-server';
    this.members = new LocalPodSet(members, { ...options, addressPrefix: options.memberAddressPrefix });
    this.apps = new LocalPodSet(apps, { ...options, members: () => this.members.memberList() });
  }

  /** Starts the rendered replica counts (or the given ones): the members first, one by one, then the apps. */
  async start({ apps = this.apps.template.replicas, members = this.members.template.replicas } = {}): Promise<void> {
    if (this.topology === 'client-server') await this.members.start(members);
    await this.apps.start(apps);
  }

  async stopAll(): Promise<void> {
    await this.apps.stopAll();
    if (this.topology === 'client-server') await this.members.stopAll();
  }
}
