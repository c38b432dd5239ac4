import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { cachingValidatorContainer } from './validator-container';

@Injectable()
class Greeting {
  readonly text = 'hello';
}

@Module({ providers: [Greeting] })
class GreetingModule {}

describe('cachingValidatorContainer', () => {
  it("returns Nest's instance of a provider, and the same one on every call", async () => {
    const context = await Test.createTestingModule({ imports: [GreetingModule] }).compile();
    const get = jest.spyOn(context, 'get');
    const { container } = cachingValidatorContainer(context);
    const first = container.get(Greeting);
    expect(first).toBe(context.get(Greeting));
    expect(container.get(Greeting)).toBe(first);
    expect(get).toHaveBeenCalledTimes(2); // the lookup above, and our own check
  });

  it('answers undefined for classes Nest does not provide, asking Nest only once', async () => {
    const context = await Test.createTestingModule({ imports: [GreetingModule] }).compile();
    const get = jest.spyOn(context, 'get');
    const { container, options } = cachingValidatorContainer(context);
    for (let i = 0; i < 5; i++) expect(container.get(IsString as never)).toBeUndefined();
    expect(get).toHaveBeenCalledTimes(1);
    expect(options.fallback).toBe(true);
  });
});
