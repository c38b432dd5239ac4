import { Catch, HttpStatus, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HazelcastError } from 'hazelcast-client';
import { errorAnswer } from './error-answers';

/** Seconds a client should wait before it retries a 503; the client reconnects within about that. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Answers a hazelcast-client error thrown from an HTTP handler. Member out of reach (client
 * offline, connection lost, timeout): 503 with Retry-After and Connection: close, not logged, since HazelcastConnectionState
 * logs the outage once. Anything else fails the same way on every retry: 500 naming the error, logged.
 * Written through the HTTP adapter, so it works on Express and Fastify alike.
 */
@Catch(HazelcastError)
@Injectable()
export class HazelcastExceptionFilter implements ExceptionFilter<HazelcastError> {
  private readonly logger = new Logger('HazelcastExceptionFilter');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: HazelcastError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const answer = errorAnswer(error);
    if (answer.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      httpAdapter.setHeader(response, 'Retry-After', String(RETRY_AFTER_SECONDS));
      // A Service balances connections, not requests: a caller's keep-alive connection would stay on
      // this Pod after its readiness has taken it out of the endpoints. Closed, the retry goes elsewhere.
      httpAdapter.setHeader(response, 'Connection', 'close');
    } else this.logger.error(answer.message);
    httpAdapter.reply(response, answer, answer.statusCode);
  }
}
