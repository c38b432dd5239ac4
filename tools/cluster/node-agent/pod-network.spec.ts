import { PodAddresses } from './pod-network.ts';

describe('PodAddresses', () => {
  it('hands out the lowest free address and takes released ones back', () => {
    const addresses = new PodAddresses({ first: '10.244.0.1', last: '10.244.0.3' });
    expect([addresses.allocate(), addresses.allocate()]).toEqual(['10.244.0.1', '10.244.0.2']);
    addresses.release('10.244.0.1');
    expect(addresses.allocate()).toBe('10.244.0.1');
    expect(addresses.allocate()).toBe('10.244.0.3');
    expect(() => addresses.allocate()).toThrow('no free Pod address left in 10.244.0.1-10.244.0.3');
  });

  it('crosses an octet boundary', () => {
    const addresses = new PodAddresses({ first: '10.244.0.255', last: '10.244.1.0' });
    expect([addresses.allocate(), addresses.allocate()]).toEqual(['10.244.0.255', '10.244.1.0']);
  });
});
