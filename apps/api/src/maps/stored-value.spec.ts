import { ClientOfflineError, HazelcastSerializationError } from 'hazelcast-client';
import { readStoredString } from './stored-value';

describe('readStoredString', () => {
  it('passes a string or an absent entry through', async () => {
    expect(await readStoredString(Promise.resolve('v'))).toBe('v');
    expect(await readStoredString(Promise.resolve(null))).toBeNull();
  });

  it.each([
    ['a number', 42, 'the stored value is a number, not a string: this API serves strings only'],
    ['an object', { a: 1 }, 'the stored value is an object (Object), not a string: this API serves strings only'],
  ])('refuses %s another client stored, as a serialization error', async (_what, value, message) => {
    const reading = readStoredString(Promise.resolve(value));
    await expect(reading).rejects.toThrow(HazelcastSerializationError);
    await expect(reading).rejects.toThrow(message);
  });

  it("turns the client's RangeError for a type it cannot read into a serialization error", async () => {
    const reading = readStoredString(Promise.reject(new RangeError('There is no Identified Data Serializer factory with id 66.')));
    await expect(reading).rejects.toThrow(HazelcastSerializationError);
    await expect(reading).rejects.toThrow('the stored value cannot be read: There is no Identified Data Serializer factory with id 66.');
  });

  it('leaves a hazelcast-client error as it is', async () => {
    const offline = new ClientOfflineError();
    await expect(readStoredString(Promise.reject(offline))).rejects.toBe(offline);
  });
});
