import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { OperationTimeoutError } from 'hazelcast-client';
import { throwError, timeout, type Observable } from 'rxjs';
import { resolveOptions } from './default-options';
import type { HazelcastModuleOptions } from './hazelcast.interfaces';
import { MODULE_OPTIONS_TOKEN } from './hazelcast.module-definition';

/**
 * Fails a request that has not answered within `invocationTimeoutMs` with an OperationTimeoutError,
 * which HazelcastExceptionFilter answers 503 with Retry-After. hazelcast-client checks its invocation
 * timeout only when a call errors: on a connection whose member hangs (SIGSTOP, a long GC pause) a
 * call waits for the heartbeat timeout (60 s) instead.
 */
@Injectable()
export class HazelcastDeadlineInterceptor implements NestInterceptor {
  private readonly deadlineMs: number;

  constructor(@Inject(MODULE_OPTIONS_TOKEN) options: HazelcastModuleOptions) {
    this.deadlineMs = resolveOptions(options).invocationTimeoutMs;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      timeout({
        first: this.deadlineMs,
        with: () => throwError(() => new OperationTimeoutError(`no answer from the Hazelcast member within ${this.deadlineMs} ms`)),
      }),
    );
  }
}
