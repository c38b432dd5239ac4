import type { Client } from 'hazelcast-client';

interface MemberLike {
  address: { toString(): string };
}
interface ConnectionManagerInternals {
  getOrConnectToMember(member: MemberLike): Promise<unknown>;
}

/**
 * Keeps a unisocket client on the members it was configured with.
 *
 * After a disconnect, hazelcast-client 5.x first tries every member of the last member list it
 * received, and only then the configured addresses (ConnectionManager.tryConnectingToAddresses).
 * A sidecar app whose own member died would silently move to another Pod's member: its readiness
 * would lie and its traffic would cross the network. No public option turns that off, so the
 * member-list path is made to skip members whose address was not configured; the configured
 * addresses are still tried right after, which is how the client comes back to its own member.
 */
export function restrictToConfiguredMembers(client: Client, configuredMembers: string[]): void {
  const allowed = new Set(configuredMembers);
  const manager = (client as unknown as { getConnectionManager?: () => ConnectionManagerInternals })
    .getConnectionManager?.();
  const original = manager?.getOrConnectToMember;
  if (!manager || typeof original !== 'function') {
    // Fail loudly: a hazelcast-client upgrade moved the internals this binding relies on.
    throw new Error('hazelcast-client internals changed: cannot bind the client to its configured members');
  }
  manager.getOrConnectToMember = (member: MemberLike) =>
    allowed.has(member.address.toString()) ? original.call(manager, member) : Promise.resolve(null);
}
