import type { ValidatorOptions } from 'class-validator';

/** How every request DTO is validated: unknown fields are refused, one reason per field. */
export const VALIDATION_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // One reason per field: the first rule it breaks ("key is required", not five rules at once).
  stopAtFirstError: true,
};
