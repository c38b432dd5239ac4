import 'reflect-metadata';
import { IsOptional, IsString, validateSync } from 'class-validator';
import { GuideGetQuery, GuidePutQuery } from '../maps/dto/guide.dto';
import { EntryParams, PutEntryBody } from '../maps/dto/entry.dto';
import { dtoCheck } from './dto-check';
import { VALIDATION_OPTIONS } from './validation-options';

// Every answer of the compiled check must be validateSync's: the fast path takes what it accepts.
const byValidateSync = (dto: object) => validateSync(dto, VALIDATION_OPTIONS).length === 0;

// Values around every rule of the DTOs: types, emptiness, control characters, length and byte limits.
const VALUES: unknown[] = [
  undefined,
  null,
  '',
  'k',
  'someValue',
  ' ',
  '€😀',
  'a\u0000b',
  'tab\there',
  '\u007f',
  'k'.repeat(256),
  'k'.repeat(257),
  '€'.repeat(349_525),
  '€'.repeat(349_526),
  ['a', 'b'],
  ['a'],
  42,
  { key: 'k' },
  'orders',
  '__internal',
  'a'.repeat(128),
  'a'.repeat(129),
  '-leading',
];

function* instances(type: new () => object, properties: string[]): Generator<object> {
  for (const value of VALUES) {
    for (const property of properties) yield Object.assign(new type(), { [property]: value });
    yield Object.assign(new type(), Object.fromEntries(properties.map((property) => [property, value])));
  }
  yield Object.assign(new type(), Object.fromEntries(properties.map((property) => [property, 'ok'])), { extra: 'x' });
}

describe('dtoCheck', () => {
  it.each([
    ['GuideGetQuery', GuideGetQuery, ['key']],
    ['GuidePutQuery', GuidePutQuery, ['key', 'value']],
    ['EntryParams', EntryParams, ['map', 'key']],
  ] as const)('accepts and refuses exactly what validateSync does for %s', (_name, type, properties) => {
    const check = dtoCheck(type);
    const answers = [...instances(type, [...properties])].map((dto) => [check(dto), byValidateSync(dto)]);
    expect(answers.filter(([compiled, reference]) => compiled !== reference)).toEqual([]);
    // Both verdicts occur, so the comparison means something.
    expect(new Set(answers.map(([, reference]) => reference))).toEqual(new Set([true, false]));
  });

  it('falls back to validateSync for a class with a conditional rule', () => {
    class WithOptional {
      @IsOptional()
      @IsString()
      note?: string;
    }
    const check = dtoCheck(WithOptional);
    expect(check(Object.assign(new WithOptional(), {}))).toBe(true);
    expect(check(Object.assign(new WithOptional(), { note: 5 }))).toBe(false);
    expect(dtoCheck(PutEntryBody)(Object.assign(new PutEntryBody(), { value: 'v', ttlSeconds: 0 }))).toBe(false);
  });
});
