import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsNotEmpty, IsString, Matches, Validate } from 'class-validator';
import { defaultLimits, KeyLengthLimit, ValueSizeLimit } from './limits';

// The OpenAPI document shows the limits in force: docs/openapi.ts sets these maxima from the
// configuration when it builds the document (the values here are the defaults).
export const valueDescription = (maxBytes: number) => `Value, stored as a plain string; at most ${maxBytes} bytes in UTF-8`;
export const MAP_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

// No control characters: they break logs, headers and other clients' tooling.
// eslint-disable-next-line no-control-regex
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;

/** An entry key: a non-empty printable string within the configured length. */
export const IsEntryKey = () =>
  applyDecorators(
    ApiProperty({ description: 'Entry key: printable characters, no control characters', minLength: 1, maxLength: defaultLimits.MAX_KEY_LENGTH, example: 'someKey' }),
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
    ApiProperty({ description: "Map name; names starting with '__' are Hazelcast's own", pattern: MAP_NAME_PATTERN, example: 'orders' }),
    IsString({ message: 'map must be a single string' }),
    Matches(new RegExp(MAP_NAME_PATTERN), {
      message: "map must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
    }),
  );

/** A value: any string (stored as a Java String, readable by every client) within the size limit. */
export const IsEntryValue = () =>
  applyDecorators(
    ApiProperty({ description: valueDescription(defaultLimits.MAX_VALUE_BYTES), example: 'someValue' }),
    IsDefined({ message: 'value is required' }),
    IsString({ message: 'value must be a single string' }),
    Validate(ValueSizeLimit),
  );
