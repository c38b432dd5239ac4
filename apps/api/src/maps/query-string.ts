import { parse, type ParsedUrlQuery } from 'node:querystring';

// One or two name=value pairs of unreserved characters only (RFC 3986: letters, digits, '-', '.',
// '_', '~'): there is nothing to decode, so splitting them gives what querystring.parse gives.
const PLAIN_PAIRS = /^[\w.~-]+=[\w.~-]*(?:&[\w.~-]+=[\w.~-]*)?$/;

/**
 * querystring.parse, the "simple" query parser Express gives the controllers, with its usual case
 * taken first: the guide's `key=k1` or `key=k1&value=v1`. Its general loop (percent-decoding, '+'
 * as space, repeated names) was the fast path's largest single cost after the map call (profiled
 * under `npm run bench`); anything but plain pairs still goes through it.
 */
export function parseQuery(query: string): ParsedUrlQuery {
  if (!PLAIN_PAIRS.test(query)) return parse(query);
  // Null prototype, as querystring.parse returns: '__proto__' is then a name like any other.
  const fields: ParsedUrlQuery = Object.create(null);
  const and = query.indexOf('&');
  for (const pair of and === -1 ? [query] : [query.slice(0, and), query.slice(and + 1)]) {
    const equals = pair.indexOf('=');
    const name = pair.slice(0, equals);
    // A repeated name becomes an array there: leave that to it.
    if (name in fields) return parse(query);
    fields[name] = pair.slice(equals + 1);
  }
  return fields;
}
