// Fresh NestJS apps in a folder outside the workspace, each installing the packed library from its
// tarball and everything else from the registry, pinned: nothing resolves through the workspace.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../tools/pod-runtime/paths.ts';

const run = promisify(execFile);

export const PACKAGE_NAME = '@hazelcast-sidecar/nestjs-hazelcast';

export interface ConsumerApp {
  /** The NestJS major it is built on. */
  nest: 11 | 12;
  dependencies: Record<string, string>;
  /** NestJS 12 is ESM-only, so its app is an ES module; the NestJS 11 app is CommonJS, as Nest's starter makes it. */
  moduleType: 'commonjs' | 'module';
  tsconfig: Record<string, unknown>;
}

const common = { experimentalDecorators: true, emitDecoratorMetadata: true, target: 'ES2023', strict: true, skipLibCheck: true, outDir: 'dist', types: ['node'] };

export const CONSUMER_APPS: ConsumerApp[] = [
  {
    nest: 11,
    dependencies: {
      '@nestjs/common': '11.2.10',
      '@nestjs/core': '11.2.10',
      '@nestjs/platform-express': '11.2.10',
      '@nestjs/platform-fastify': '11.2.8',
      '@nestjs/terminus': '11.1.1',
      // The lowest hazelcast-client the package accepts, so both ends of its range are run.
      'hazelcast-client': '5.6.0',
      'reflect-metadata': '0.2.2',
      rxjs: '7.8.2',
    },
    moduleType: 'commonjs',
    // No moduleResolution: TypeScript's default for CommonJS ignores package.json "exports", which
    // is how the package's typesVersions gets its test.
    tsconfig: { ...common, module: 'commonjs' },
  },
  {
    nest: 12,
    dependencies: {
      '@nestjs/common': '12.5.1',
      '@nestjs/core': '12.5.1',
      '@nestjs/platform-express': '12.5.1',
      '@nestjs/platform-fastify': '12.5.0',
      '@nestjs/terminus': '12.1.0',
      'hazelcast-client': '5.7.0',
      'reflect-metadata': '0.2.2',
      rxjs: '7.8.2',
    },
    moduleType: 'module',
    tsconfig: { ...common, module: 'nodenext', moduleResolution: 'nodenext' },
  },
];

export interface PackedLibrary {
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  files: string[];
}

/** npm pack of the built library (libs/hazelcast/dist, from the hazelcast:build target). */
export async function packLibrary(destination: string): Promise<PackedLibrary> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: join(repoRoot, 'libs', 'hazelcast') });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
  return { tarball: join(destination, packed.filename), size: packed.size, files: packed.files.map((file) => file.path).sort() };
}

/** Writes, installs and compiles the app; resolves with the path of its entry point. */
export async function buildConsumerApp(app: ConsumerApp, folder: string, library: PackedLibrary): Promise<string> {
  mkdirSync(join(folder, 'src'), { recursive: true });
  copyFileSync(join(repoRoot, 'test', 'package', 'consumer-app', 'main.ts'), join(folder, 'src', 'main.ts'));
  const manifest = {
    name: `nest-${app.nest}-consumer`,
    private: true,
    type: app.moduleType,
    dependencies: { ...app.dependencies, [PACKAGE_NAME]: `file:${library.tarball}` },
    devDependencies: { '@types/node': '24.19.2' },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions: app.tsconfig, include: ['src'] }, null, 2));
  // --prefer-offline: what the npm cache holds is used without asking the registry again.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: folder, maxBuffer: 16 * 1024 * 1024 });
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [tsc, '-p', join(folder, 'tsconfig.json')], { cwd: folder }).catch((error: { stdout?: string }) => {
    throw new Error(`the NestJS ${app.nest} app does not compile against the package:\n${error.stdout ?? String(error)}`);
  });
  return join(folder, 'dist', 'main.js');
}
