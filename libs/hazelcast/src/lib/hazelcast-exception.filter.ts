import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HazelcastError } from 'hazelcast-client';
import type { Response } from 'express';

/** The 503 body for a hazelcast-client error: its kind, never its stack trace. */
export function memberUnavailable(error: HazelcastError) {
  return {
    statusCode: HttpStatus.SERVICE_UNAVAILABLE,
    error: 'Service Unavailable',
    message: `the Hazelcast member is unavailable (${error.constructor.name}); retry later`,
  };
}

/**
 * Any hazelcast-client error (member down mid-request, client offline, invocation timeout) means the
 * data is out of reach for now, not that the request was wrong or the app broken: 503, so callers
 * and load balancers retry, and no stack trace leaves the process.
 */
@Catch(HazelcastError)
export class HazelcastExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HazelcastExceptionFilter.name);

  catch(error: HazelcastError, host: ArgumentsHost): void {
    this.logger.warn(`${error.constructor.name}: ${error.message}`);
    host.switchToHttp().getResponse<Response>().status(HttpStatus.SERVICE_UNAVAILABLE).json(memberUnavailable(error));
  }
}
