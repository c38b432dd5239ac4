import { Logger } from '@nestjs/common';
import { NestClientLogger } from './client-logger';

describe('NestClientLogger', () => {
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  let calls: Record<(typeof levels)[number], jest.SpyInstance>;

  beforeEach(() => {
    calls = Object.fromEntries(
      levels.map((level) => [level, jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined)]),
    ) as typeof calls;
  });
  afterEach(() => jest.restoreAllMocks());

  it("writes each of the client's levels at the matching Nest level", () => {
    const logger = new NestClientLogger('TRACE');
    logger.error('ConnectionManager', 'failed', new Error('boom'));
    logger.warn('WaitStrategy', 'retry in 2000 ms');
    logger.info('LifecycleService', 'STARTED');
    logger.debug('Invocation', 'sent');
    logger.trace('Invocation', 'frame');
    expect(calls.error).toHaveBeenCalledWith('ConnectionManager: failed', expect.stringMatching(/^Error: boom\n/));
    expect(calls.warn).toHaveBeenCalledWith('WaitStrategy: retry in 2000 ms');
    expect(calls.log).toHaveBeenCalledWith('LifecycleService: STARTED');
    expect(calls.debug).toHaveBeenCalledWith('Invocation: sent');
    expect(calls.verbose).toHaveBeenCalledWith('Invocation: frame');
  });

  it('drops the lines below hazelcast.logging.level', () => {
    const logger = new NestClientLogger('WARN');
    logger.info('LifecycleService', 'STARTED');
    logger.debug('Invocation', 'sent');
    logger.warn('Connection', 'closed', new Error('reset by peer'));
    expect(calls.log).not.toHaveBeenCalled();
    expect(calls.debug).not.toHaveBeenCalled();
    expect(calls.warn).toHaveBeenCalledWith('Connection: closed (reset by peer)');
  });

  it('writes nothing at OFF', () => {
    new NestClientLogger('off').error('ConnectionManager', 'failed');
    expect(calls.error).not.toHaveBeenCalled();
  });

  it('refuses a level the client does not know', () => {
    expect(() => new NestClientLogger('LOUD')).toThrow(/hazelcast.logging.level must be one of/);
  });
});
