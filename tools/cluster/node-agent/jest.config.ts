// The node agent's unit specs: its pure parts (env, expansion, images, probes, status), no processes.
export default {
  displayName: 'node-agent',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: {
    // Transpile only, as for test/: the type check runs in the tests project's lint target.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../../test/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
