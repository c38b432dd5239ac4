// The benchmark's own clients (the bare server, the client loop) must use the app's client
// configuration, not a copy of it. libs/hazelcast is written for the Nx build, with extensionless
// relative imports, which Node's loader does not resolve: this hook resolves a relative import from
// a .ts file to the .ts file beside it. It must run before the library is imported, hence the
// dynamic imports below (static imports are all resolved before any module body runs).
import { registerHooks } from 'node:module';

const hasExtension = /\.[cm]?[jt]s$/;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith('.') && !hasExtension.test(specifier) && context.parentURL?.endsWith('.ts')) {
      return nextResolve(`${specifier}.ts`, context);
    }
    return nextResolve(specifier, context);
  },
});

export async function loadHazelcastLib() {
  const [{ buildClientConfig }, { restrictToConfiguredMembers }] = await Promise.all([
    import('../../libs/hazelcast/src/lib/client-config.ts'),
    import('../../libs/hazelcast/src/lib/member-binding.ts'),
  ]);
  return { buildClientConfig, restrictToConfiguredMembers };
}
