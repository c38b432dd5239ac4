import { ClusterSizeExpectation } from './cluster-size';

describe('ClusterSizeExpectation', () => {
  it('is satisfied at or above the minimum, and names the shortfall below it', () => {
    const expectation = new ClusterSizeExpectation();
    expect(expectation.shortfall(3, { minimumMembers: 2 })).toBeUndefined();
    expect(expectation.shortfall(1, { minimumMembers: 2 })).toMatch(/^the cluster has 1 member\(s\), fewer than the 2 expected \(minimum cluster size 2\)/);
  });

  it('lets Pod k of a release that starts in order be ready with k + 1 members, until the minimum is first reached', () => {
    const first = new ClusterSizeExpectation();
    expect(first.shortfall(1, { minimumMembers: 3, ordinal: 0 })).toBeUndefined();
    const third = new ClusterSizeExpectation();
    expect(third.shortfall(2, { minimumMembers: 3, ordinal: 2 })).toMatch(/fewer than the 3 expected/);
    expect(third.shortfall(3, { minimumMembers: 3, ordinal: 2 })).toBeUndefined();
  });

  it('expects the full minimum of every ordinal once the cluster has reached it', () => {
    const first = new ClusterSizeExpectation();
    expect(first.shortfall(2, { minimumMembers: 2, ordinal: 0 })).toBeUndefined();
    expect(first.shortfall(1, { minimumMembers: 2, ordinal: 0 })).toMatch(/fewer than the 2 expected/);
  });

  it('remembers a minimum reached between two checks, from the sizes it observed', () => {
    const first = new ClusterSizeExpectation();
    first.observe(2);
    expect(first.shortfall(1, { minimumMembers: 2, ordinal: 0 })).toMatch(/fewer than the 2 expected/);
  });

  it('never trips with a minimum of 1: a release scaled down to one Pod', () => {
    const expectation = new ClusterSizeExpectation();
    expect(expectation.shortfall(3, { minimumMembers: 1 })).toBeUndefined();
    expect(expectation.shortfall(1, { minimumMembers: 1 })).toBeUndefined();
  });

  it('keeps Pod k >= 1 not ready with a minimum of 1 until its member has seen another, naming why', () => {
    const second = new ClusterSizeExpectation();
    expect(second.shortfall(1, { minimumMembers: 1, ordinal: 1 })).toMatch(/^the member has seen no other member since this app started, and Pod 1 starts after Pod 0/);
    expect(second.shortfall(2, { minimumMembers: 1, ordinal: 1 })).toBeUndefined();
  });

  it('remembers for its life that the member once saw another: alone again later is still enough with a minimum of 1', () => {
    const second = new ClusterSizeExpectation();
    second.observe(2);
    expect(second.shortfall(1, { minimumMembers: 1, ordinal: 1 })).toBeUndefined();
  });

  it('lets Pod 0 alone be ready with a minimum of 1: a release scaled down to one Pod', () => {
    expect(new ClusterSizeExpectation().shortfall(1, { minimumMembers: 1, ordinal: 0 })).toBeUndefined();
  });

  it('keeps the minimum\'s own reason for Pod k >= 1 with a minimum above 1', () => {
    const second = new ClusterSizeExpectation();
    expect(second.shortfall(1, { minimumMembers: 3, ordinal: 1 })).toMatch(/^the cluster has 1 member\(s\), fewer than the 2 expected \(minimum cluster size 3\)/);
  });
});
