import { HazelcastError, HazelcastSerializationError } from 'hazelcast-client';

/**
 * This API stores and serves strings, but another client may have put anything in the same map.
 * What it cannot serve becomes a HazelcastSerializationError, which the library's filter answers
 * with a 500 naming it, rather than a 200 with an object or Nest's bare "Internal server error".
 */
export function readStoredString(reading: Promise<unknown>): Promise<string | null> {
  return reading.then(storedString, (error: unknown) => {
    // hazelcast-client throws a plain RangeError for an IdentifiedDataSerializable or custom type
    // it has no factory for; the arguments it is given here are already validated.
    if (error instanceof HazelcastError || !(error instanceof Error)) throw error;
    throw new HazelcastSerializationError(`the stored value cannot be read: ${error.message}`, error);
  });
}

function storedString(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new HazelcastSerializationError(`the stored value is ${describe(value)}, not a string: this API serves strings only`);
}

function describe(value: unknown): string {
  // A Compact value whose type this client has no serializer for comes back as a generic record.
  return typeof value === 'object' ? `an object (${value?.constructor?.name ?? 'no class'})` : `a ${typeof value}`;
}
