/** What a Pod expects of its member's cluster, for readiness. */
export interface ClusterSizeOptions {
  /** Fewest members the cluster must have (the members' split-brain protection minimum). */
  minimumMembers: number;
  /**
   * The Pod's ordinal in a StatefulSet started one Pod at a time (OrderedReady): Pod k can only
   * find k other members before it is ready, so until the cluster first reaches the minimum it
   * expects k + 1. Pod k >= 1 must also have seen another member once, whatever the minimum.
   * Without it every Pod expects the minimum from the start (parallel start).
   */
  ordinal?: number;
}

/**
 * Decides whether a cluster size is enough. Once the cluster has reached the minimum, a smaller
 * one means this member is cut off (or the release was scaled below its minimum): not ready then.
 */
export class ClusterSizeExpectation {
  private largest = 0;

  /** A member list the client saw: fed from membership events, so no size between probes is missed. */
  observe(members: number): void {
    this.largest = Math.max(this.largest, members);
  }

  /** Why `members` is too few, or undefined when it is enough. */
  shortfall(members: number, options: ClusterSizeOptions): string | undefined {
    this.observe(members);
    return this.belowMinimum(members, options) ?? this.neverJoined(options);
  }

  private belowMinimum(members: number, { minimumMembers, ordinal }: ClusterSizeOptions): string | undefined {
    if (members >= minimumMembers) return undefined;
    const reachedMinimum = this.largest >= minimumMembers;
    const expected = reachedMinimum || ordinal === undefined ? minimumMembers : Math.min(minimumMembers, ordinal + 1);
    if (members >= expected) return undefined;
    return (
      `the cluster has ${members} member(s), fewer than the ${expected} expected (minimum cluster size ${minimumMembers}): ` +
      'the member cannot see the others (discovery denied or down, a network split), or the release runs below its minimum'
    );
  }

  /**
   * Pod k >= 1 starts after Pod 0, so a member that never saw another one has joined no one: with
   * discovery denied every Pod runs alone. Once seen, it holds for the app's life (a later scale-down
   * to fewer members is the minimum's business, not this).
   */
  private neverJoined({ ordinal }: ClusterSizeOptions): string | undefined {
    if (ordinal === undefined || ordinal < 1 || this.largest >= 2) return undefined;
    return (
      `the member has seen no other member since this app started, and Pod ${ordinal} starts after Pod 0: ` +
      'it joined no cluster (discovery denied or down), so it would serve an island of its own'
    );
  }
}
