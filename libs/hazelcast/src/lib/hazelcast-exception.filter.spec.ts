import type { ArgumentsHost } from '@nestjs/common';
import { ClientOfflineError } from 'hazelcast-client';

import { HazelcastExceptionFilter } from './hazelcast-exception.filter';

describe('HazelcastExceptionFilter', () => {
  it('answers 503 with the error kind and no stack trace', () => {
    const response = { status: jest.fn().mockReturnThis(), json: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new HazelcastExceptionFilter().catch(new ClientOfflineError(new Error('No connection found to cluster')), host);
    expect(response.status).toHaveBeenCalledWith(503);
    const body = response.json.mock.calls[0][0];
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the Hazelcast member is unavailable (ClientOfflineError); retry later',
    });
  });
});
