// A member's own view of its cluster, from its REST health endpoint (on in the chart's config).
export interface MemberHealth {
  clusterSize: number;
  clusterSafe: boolean;
  migrationQueueSize: number;
}

/** GET /hazelcast/health of the member at `address`; rejects when it does not answer within 2 s. */
export async function memberHealth({ host, port }: { host: string; port: number }): Promise<MemberHealth> {
  const response = await fetch(`http://${host}:${port}/hazelcast/health`, { signal: AbortSignal.timeout(2_000) });
  return (await response.json()) as MemberHealth;
}
