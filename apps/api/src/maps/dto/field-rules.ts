import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsNotEmpty, IsString, Matches, Validate } from 'class-validator';
import { KeyLengthLimit, ValueSizeLimit } from './limits';

// No control characters: they break logs, headers and other clients' tooling.
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/** An entry key: a non-empty printable string within the configured length. */
export const IsEntryKey = () =>
  applyDecorators(
    IsDefined({ message: 'key is required' }),
    IsString({ message: 'key must be a single string' }),
    IsNotEmpty({ message: 'key must not be empty' }),
    Matches(PRINTABLE, { message: 'key must not contain control characters' }),
    Validate(KeyLengthLimit),
  );

/**
 * A map name: starts with a letter or digit, then letters, digits, '.', '_' or '-', up to 128.
 * Hazelcast's own and this app's internal maps start with '__', so the API can never reach them.
 */
export const IsMapName = () =>
  applyDecorators(
    IsString({ message: 'map must be a single string' }),
    Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
      message: "map must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
    }),
  );

/** A value: any string (stored as a Java String, readable by every client) within the size limit. */
export const IsEntryValue = () =>
  applyDecorators(
    IsDefined({ message: 'value is required' }),
    IsString({ message: 'value must be a single string' }),
    Validate(ValueSizeLimit),
  );
