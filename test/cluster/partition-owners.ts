// Which Pod's member owns each key's partition, as one member sees it at one moment: through a client
// of that member (the public partition service), so a lost write can be told apart by where its
// data lived before, during and after a split.
import type { Client } from 'hazelcast-client';
import type { ReleasePod } from './partition.ts';

/** key → its partition id and the ordinal of the Pod whose member owns it ('?' when unassigned or unknown). */
export type OwnerSnapshot = ReadonlyMap<string, { readonly partition: number; readonly owner: string }>;

export function partitionOwners(client: Client, pods: readonly ReleasePod[], keys: readonly string[]): OwnerSnapshot {
  const ordinalByUuid = new Map(
    client
      .getCluster()
      .getMembers()
      .map((member) => [member.uuid.toString(), String(pods.find((pod) => pod.ip === member.address.host)?.ordinal ?? '?')]),
  );
  const partitions = client.getPartitionService();
  return new Map(
    keys.map((key) => {
      const partition = partitions.getPartitionId(key);
      return [key, { partition, owner: ordinalByUuid.get(partitions.getPartitionOwner(partition)?.toString() ?? '') ?? '?' }];
    }),
  );
}
