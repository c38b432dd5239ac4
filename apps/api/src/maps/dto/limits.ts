import { Injectable, Optional } from '@nestjs/common';
import {
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { AppConfig } from '../../config/app-config';
import { Environment } from '../../config/environment';

// The limits come from the configuration, so these constraints are Nest providers that class-validator
// resolves through Nest's container (useContainer in app.factory.ts). Built without it (a DTO unit
// test), they fall back to the defaults of Environment.
export const defaultLimits = new Environment();

@ValidatorConstraint({ name: 'keyLengthLimit' })
@Injectable()
export class KeyLengthLimit implements ValidatorConstraintInterface {
  constructor(@Optional() private readonly config?: AppConfig) {}

  private get max(): number {
    return this.config?.limits.maxKeyLength ?? defaultLimits.MAX_KEY_LENGTH;
  }
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.length <= this.max;
  }
  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be at most ${this.max} characters long`;
  }
}

@ValidatorConstraint({ name: 'valueSizeLimit' })
@Injectable()
export class ValueSizeLimit implements ValidatorConstraintInterface {
  constructor(@Optional() private readonly config?: AppConfig) {}

  private get max(): number {
    return this.config?.limits.maxValueBytes ?? defaultLimits.MAX_VALUE_BYTES;
  }
  validate(value: unknown): boolean {
    return typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= this.max;
  }
  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be at most ${this.max} bytes (UTF-8)`;
  }
}
