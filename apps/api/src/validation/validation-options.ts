import type { ValidatorOptions } from 'class-validator';

/**
 * How every request DTO is validated, by the global ValidationPipe and by the guide's fast path
 * alike, so both accept and reject exactly the same input.
 */
export const VALIDATION_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One reason per field: the first rule it breaks ("key is required", not five rules at once).
  stopAtFirstError: true,
};
