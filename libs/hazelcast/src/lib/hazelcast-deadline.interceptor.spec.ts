import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { OperationTimeoutError } from 'hazelcast-client';
import { firstValueFrom, from, NEVER } from 'rxjs';
import { HazelcastDeadlineInterceptor } from './hazelcast-deadline.interceptor';
import { errorAnswer } from './error-answers';

const context = {} as ExecutionContext;
const handler = (answer: Promise<unknown> | typeof NEVER): CallHandler => ({
  handle: () => (answer === NEVER ? NEVER : from(answer as Promise<unknown>)),
});

describe('HazelcastDeadlineInterceptor', () => {
  it('fails a handler that never answers with an OperationTimeoutError once the invocation timeout has passed', async () => {
    const interceptor = new HazelcastDeadlineInterceptor({ invocationTimeoutMs: 50 });
    const outcome = firstValueFrom(interceptor.intercept(context, handler(NEVER)));
    await expect(outcome).rejects.toThrow(OperationTimeoutError);
    await expect(outcome).rejects.toThrow('no answer from the Hazelcast member within 50 ms');
  });

  it("passes a handler's answer through when it comes in time", async () => {
    const interceptor = new HazelcastDeadlineInterceptor({ invocationTimeoutMs: 1_000 });
    await expect(firstValueFrom(interceptor.intercept(context, handler(Promise.resolve('value'))))).resolves.toBe('value');
  });

  it("passes a handler's own error through unchanged", async () => {
    const interceptor = new HazelcastDeadlineInterceptor({ invocationTimeoutMs: 1_000 });
    const failure = new Error('validation failed');
    await expect(firstValueFrom(interceptor.intercept(context, handler(Promise.reject(failure))))).rejects.toBe(failure);
  });

  it('makes a timeout the filter answers as the member being unavailable (503)', () => {
    expect(errorAnswer(new OperationTimeoutError('no answer')).statusCode).toBe(503);
  });
});
