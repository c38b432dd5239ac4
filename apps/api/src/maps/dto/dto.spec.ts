import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EntryParams, PutEntryBody } from './entry.dto';
import { GuidePutQuery } from './guide.dto';

// Without Nest's container the limit constraints use the defaults: 256 characters, 1 MiB.
async function reasons<T extends object>(type: new () => T, plain: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, plain), { stopAtFirstError: true, forbidUnknownValues: true });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('request DTOs', () => {
  it('accept a well-formed guide put', async () => {
    expect(await reasons(GuidePutQuery, { key: 'someKey', value: 'someValue' })).toEqual([]);
  });

  it('accept an empty value: a stored empty string is a value', async () => {
    expect(await reasons(GuidePutQuery, { key: 'k', value: '' })).toEqual([]);
  });

  it('reject a key over the default limit of 256 characters', async () => {
    expect(await reasons(GuidePutQuery, { key: 'k'.repeat(257), value: 'v' })).toEqual([
      'key must be at most 256 characters long',
    ]);
  });

  it('reject a value over the default limit of 1 MiB', async () => {
    expect(await reasons(PutEntryBody, { value: 'v'.repeat(1024 * 1024 + 1) })).toEqual([
      'value must be at most 1048576 bytes (UTF-8)',
    ]);
  });

  it.each(['a', 'orders', 'my-map_v2.cache', 'A'.repeat(128)])('accept the map name %s', async (map) => {
    expect(await reasons(EntryParams, { map, key: 'k' })).toEqual([]);
  });

  it.each(['', '__sql.catalog', '-leading-dash', 'with space', 'slash/name', 'A'.repeat(129)])(
    'reject the map name "%s"',
    async (map) => {
      expect(await reasons(EntryParams, { map, key: 'k' })).toHaveLength(1);
    },
  );

  it('reject a TTL over one year', async () => {
    expect(await reasons(PutEntryBody, { value: 'v', ttlSeconds: 365 * 24 * 3600 + 1 })).toEqual([
      'ttlSeconds must be at most 31536000 (one year)',
    ]);
  });
});
