import {
  ClientNotActiveError,
  ClientOfflineError,
  HazelcastSerializationError,
  IllegalArgumentError,
  IOError,
  MemberLeftError,
  OperationTimeoutError,
  TargetDisconnectedError,
} from 'hazelcast-client';
import { errorAnswer } from './error-answers';

describe('errorAnswer', () => {
  it.each([
    ['ClientOfflineError', new ClientOfflineError(new Error('No connection found to cluster'))],
    ['ClientNotActiveError', new ClientNotActiveError('Client is shutting down.')],
    ['IOError', new IOError('No connection found to invoke')],
    ['TargetDisconnectedError', new TargetDisconnectedError('Connection closed')],
    ['OperationTimeoutError', new OperationTimeoutError('Invocation timed out')],
    ['MemberLeftError', new MemberLeftError('member left')],
  ])('answers 503 while the member is out of reach (%s)', (kind, error) => {
    expect(errorAnswer(error)).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: `the Hazelcast member is unavailable (${kind}); retry later`,
    });
  });

  it('answers 500 naming a serialization error: retrying cannot read the value', () => {
    const error = new HazelcastSerializationError('There is no Identified Data Serializer factory with id 1.');
    expect(errorAnswer(error)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message:
        'a value cannot be read or written by this client (HazelcastSerializationError: There is no Identified Data Serializer factory with id 1.)',
    });
  });

  it('answers 500 naming an error the member gives every time', () => {
    expect(errorAnswer(new IllegalArgumentError('bad ttl'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'the Hazelcast call failed (IllegalArgumentError: bad ttl)',
    });
  });
});
