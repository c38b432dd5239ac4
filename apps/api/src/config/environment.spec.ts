import { validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it("defaults to the sidecar's settings: port 5000, the local member, cluster dev", () => {
    expect(validateEnvironment({})).toMatchObject({
      PORT: 5000,
      HOST: '0.0.0.0',
      HAZELCAST_CLUSTER_MEMBERS: '127.0.0.1:5701',
      HAZELCAST_CLUSTER_NAME: 'dev',
      HAZELCAST_SMART_ROUTING: false,
      HAZELCAST_ASYNC_START: true,
      LOG_LEVEL: 'log',
      REQUEST_LOG: 'all',
    });
  });

  it('converts numbers and booleans from their environment strings', () => {
    const environment = validateEnvironment({ PORT: '8080', HAZELCAST_SMART_ROUTING: 'true', HAZELCAST_ASYNC_START: 'false', MAX_VALUE_BYTES: '2048' });
    expect(environment).toMatchObject({ PORT: 8080, HAZELCAST_SMART_ROUTING: true, HAZELCAST_ASYNC_START: false, MAX_VALUE_BYTES: 2048 });
  });

  it('ignores unrelated variables and treats empty ones as unset', () => {
    expect(validateEnvironment({ PATH: '/usr/bin', PORT: '' }).PORT).toBe(5000);
  });

  it('takes near-cache map names as a comma-separated list, none by default', () => {
    expect(validateEnvironment({}).HAZELCAST_NEAR_CACHE_MAPS).toBe('');
    expect(validateEnvironment({ HAZELCAST_NEAR_CACHE_MAPS: 'map,sessions' }).HAZELCAST_NEAR_CACHE_MAPS).toBe('map,sessions');
    expect(() => validateEnvironment({ HAZELCAST_NEAR_CACHE_MAPS: 'map, sessions' })).toThrow(
      /HAZELCAST_NEAR_CACHE_MAPS must be map names separated by commas/,
    );
  });

  it('expects a cluster of 1 and no Pod ordinal unless told, and refuses a minimum of 0 or an ordinal that is not a number', () => {
    expect(validateEnvironment({})).toMatchObject({ HAZELCAST_MIN_CLUSTER_SIZE: 1, POD_INDEX: '' });
    expect(validateEnvironment({ HAZELCAST_MIN_CLUSTER_SIZE: '3', POD_INDEX: '2' })).toMatchObject({ HAZELCAST_MIN_CLUSTER_SIZE: 3, POD_INDEX: '2' });
    expect(() => validateEnvironment({ HAZELCAST_MIN_CLUSTER_SIZE: '0', POD_INDEX: 'web-2' })).toThrow(
      /HAZELCAST_MIN_CLUSTER_SIZE must not be less than 1[\s\S]*POD_INDEX must be a Pod ordinal/,
    );
  });

  it('rejects every bad value at once, each with its reason', () => {
    const attempt = () =>
      validateEnvironment({
        PORT: '70000',
        HAZELCAST_CLUSTER_MEMBERS: 'localhost',
        HAZELCAST_SMART_ROUTING: 'yes',
        LOG_LEVEL: 'loud',
        REQUEST_LOG: 'some',
      });
    expect(attempt).toThrow(/^invalid configuration:/);
    expect(attempt).toThrow(/PORT must not be greater than 65535/);
    expect(attempt).toThrow(/HAZELCAST_CLUSTER_MEMBERS must be host:port/);
    expect(attempt).toThrow(/HAZELCAST_SMART_ROUTING must be true or false/);
    expect(attempt).toThrow(/LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose/);
    expect(attempt).toThrow(/REQUEST_LOG must be one of all, errors/);
  });
});
