import { Logger, type ArgumentsHost } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { ClientOfflineError, HazelcastSerializationError } from 'hazelcast-client';
import { HazelcastExceptionFilter } from './hazelcast-exception.filter';

// The filter writes only through the adapter; Express and Fastify are both run in test/package.
function filterWithAdapter() {
  const response = { raw: 'response' };
  const httpAdapter = { setHeader: jest.fn(), reply: jest.fn() };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  const filter = new HazelcastExceptionFilter({ httpAdapter } as unknown as HttpAdapterHost);
  return { filter, host, httpAdapter, response };
}

describe('HazelcastExceptionFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers 503 with Retry-After and Connection: close through the HTTP adapter, and logs nothing per request', () => {
    const logged = jest.spyOn(Logger.prototype, 'warn');
    const failed = jest.spyOn(Logger.prototype, 'error');
    const { filter, host, httpAdapter, response } = filterWithAdapter();
    filter.catch(new ClientOfflineError(new Error('No connection found to cluster')), host);
    expect(httpAdapter.setHeader).toHaveBeenCalledWith(response, 'Retry-After', '1');
    expect(httpAdapter.setHeader).toHaveBeenCalledWith(response, 'Connection', 'close');
    expect(httpAdapter.reply).toHaveBeenCalledWith(
      response,
      { statusCode: 503, error: 'Service Unavailable', message: 'the Hazelcast member is unavailable (ClientOfflineError); retry later' },
      503,
    );
    expect(logged).not.toHaveBeenCalled();
    expect(failed).not.toHaveBeenCalled();
  });

  it('answers 500 without Retry-After to an error that repeats, and logs it as an error', () => {
    const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { filter, host, httpAdapter, response } = filterWithAdapter();
    filter.catch(new HazelcastSerializationError('There is no suitable de-serializer for type 99.'), host);
    expect(httpAdapter.setHeader).not.toHaveBeenCalled();
    const message = 'a value cannot be read or written by this client (HazelcastSerializationError: There is no suitable de-serializer for type 99.)';
    expect(httpAdapter.reply).toHaveBeenCalledWith(response, { statusCode: 500, error: 'Internal Server Error', message }, 500);
    expect(failed).toHaveBeenCalledWith(message);
  });
});
