import { parse } from 'node:querystring';
import { parseQuery } from './query-string';

// Pieces that exercise both branches: plain pairs and everything querystring.parse decodes.
const PIECES = ['key', 'value', 'k1', 'v.1', 'a_b', '~x', '-', '', '=', '&', '+', '%20', '%E2%82%AC', '%zz', '__proto__', 'constructor', '€', ' '];

function* queries(): Generator<string> {
  for (const a of PIECES) {
    yield a;
    for (const b of PIECES) {
      yield `${a}=${b}`;
      yield `key=${a}&value=${b}`;
      yield `${a}=${b}&${a}=${b}`;
      yield `${a}&${b}`;
    }
  }
}

describe('parseQuery', () => {
  it('gives what querystring.parse gives, for plain and encoded queries alike', () => {
    let compared = 0;
    for (const query of queries()) {
      const parsed = parseQuery(query);
      expect({ query, parsed: { ...parsed } }).toEqual({ query, parsed: { ...parse(query) } });
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('keeps __proto__ as a name like any other', () => {
    const parsed = parseQuery('key=__proto__&__proto__=x');
    expect(Object.entries(parsed)).toEqual([
      ['key', '__proto__'],
      ['__proto__', 'x'],
    ]);
  });

  it('gives a repeated name as an array, as querystring.parse does', () => {
    expect({ ...parseQuery('key=a&key=b') }).toEqual({ key: ['a', 'b'] });
  });
});
