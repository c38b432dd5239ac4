// The kubelet's $(VAR) expansion of env values, command and args (k8s.io/kubernetes
// third_party/forked/golang/expansion): a defined name is replaced, an undefined one is left as
// written, and $$ escapes a literal $(...).

export function expandReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    const next = input[i + 1];
    if (char !== '$' || next === undefined) {
      out += char;
    } else if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close === -1) return out + input.slice(i);
      const name = input.slice(i + 2, close);
      out += lookup(name) ?? `$(${name})`;
      i = close;
    } else {
      out += char;
    }
  }
  return out;
}
