/** Injection token of the hazelcast-client instance bound to the sidecar member. */
export const HAZELCAST_CLIENT = Symbol('HAZELCAST_CLIENT');

/** A map that only the readiness round trip reads; the REST API cannot name it (names start alphanumeric). */
export const HEALTH_MAP_NAME = '__sidecar.health';
