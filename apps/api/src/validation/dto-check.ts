import {
  getMetadataStorage,
  validateSync,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { VALIDATION_OPTIONS } from './validation-options';

/** Whether an instance of a DTO class passes its class-validator rules (VALIDATION_OPTIONS). */
export type DtoCheck = (dto: object) => boolean;

interface Rule {
  property: string;
  constraint: ValidatorConstraintInterface;
  constraints: unknown[];
}

/**
 * A yes/no check of a DTO class by its own class-validator rules, for the requests a fast path
 * takes. validateSync looks the class's rules up again, and builds an error object for every
 * property, on every call: under load, most of the fast path's CPU beyond the bare map call. Here
 * the rules (the same decorators, the same constraint instances from the same container) are looked
 * up once, and each is asked only `validate(value)`. A "no" carries no message: the caller hands the
 * request to the ValidationPipe, which says what is wrong.
 *
 * Only what the sidecar's DTOs use is compiled: defined-checks and synchronous constraints without
 * groups, `each` or conditions. A class with any other kind of rule gets validateSync itself.
 */
export function dtoCheck(type: new () => object): DtoCheck {
  const rules = compiledRules(type);
  if (!rules) return (dto) => validateSync(dto, VALIDATION_OPTIONS).length === 0;
  const known = new Set(rules.map((rule) => rule.property));
  return (dto) => {
    const record = dto as Record<string, unknown>;
    // whitelist + forbidNonWhitelisted: any property without a rule is an error.
    for (const property of Object.keys(record)) if (!known.has(property)) return false;
    for (const { property, constraint, constraints } of rules) {
      const value = record[property];
      const args: ValidationArguments = { targetName: type.name, property, object: dto, value, constraints };
      if (constraint.validate(value, args) !== true) return false;
    }
    return true;
  };
}

function compiledRules(type: new () => object): Rule[] | undefined {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(type, '', false, false, undefined);
  // forbidUnknownValues: a class without rules is refused by validateSync; leave it to it.
  if (metadatas.length === 0) return undefined;
  const defined = metadatas.filter((metadata) => metadata.type === ValidationTypes.IS_DEFINED);
  const custom = metadatas.filter((metadata) => metadata.type === ValidationTypes.CUSTOM_VALIDATION);
  if (defined.length + custom.length !== metadatas.length || metadatas.some(isConditional)) return undefined;
  const rules: Rule[] = [];
  // validateSync checks a property's defined-rule before its other rules.
  for (const metadata of [...defined, ...custom]) {
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (constraint.async) return undefined;
      rules.push({ property: metadata.propertyName, constraint: constraint.instance, constraints: metadata.constraints });
    }
  }
  return rules;
}

type RuleMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const isConditional = (metadata: RuleMetadata) =>
  metadata.each || metadata.validateIf !== undefined || (metadata.groups?.length ?? 0) > 0 || metadata.always !== undefined;
