import type { INestApplicationContext } from '@nestjs/common';
import type { UseContainerOptions } from 'class-validator';

/**
 * A container for class-validator that resolves constraint classes through Nest (so the limit
 * constraints get their configuration injected), once per class.
 *
 * class-validator asks its container for every constraint of every field on every request. Handing
 * it Nest's context directly made each lookup of a built-in constraint (IsString, Matches...) throw
 * Nest's UnknownElementException before falling back, the costliest part of a request. Misses are
 * remembered as undefined, which class-validator answers from its own default container (`fallback`).
 */
export function cachingValidatorContainer(context: INestApplicationContext): {
  container: { get<T>(type: new (...args: never[]) => T): T | undefined };
  options: UseContainerOptions;
} {
  const resolved = new Map<unknown, unknown>();
  const lookUp = (type: unknown) => {
    try {
      return context.get(type as never, { strict: false });
    } catch {
      return undefined;
    }
  };
  return {
    container: {
      get<T>(type: new (...args: never[]) => T): T | undefined {
        if (!resolved.has(type)) resolved.set(type, lookUp(type));
        return resolved.get(type) as T | undefined;
      },
    },
    options: { fallback: true, fallbackOnErrors: true },
  };
}
