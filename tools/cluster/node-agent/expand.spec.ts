import { expandReferences } from './expand.ts';

const vars: Record<string, string> = { POD_IP: '10.244.0.3', EMPTY: '' };
const expand = (input: string) => expandReferences(input, (name) => vars[name]);

describe('expandReferences', () => {
  it('replaces a defined name, also an empty one', () => {
    expect(expand('-Dip=$(POD_IP) x$(EMPTY)y')).toBe('-Dip=10.244.0.3 xy');
  });

  it('leaves an undefined name as written', () => {
    expect(expand('$(NOPE):$(POD_IP)')).toBe('$(NOPE):10.244.0.3');
  });

  it('turns $$ into a literal $, so $$(POD_IP) is not expanded', () => {
    expect(expand('$$(POD_IP) costs $$5')).toBe('$(POD_IP) costs $5');
  });

  it('keeps a lone $, a shell variable and an unterminated reference as they are', () => {
    expect(expand('$HOME $ $(POD_IP')).toBe('$HOME $ $(POD_IP');
  });
});
