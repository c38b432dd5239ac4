// Tests across the parts: real Hazelcast members, the built API, the rendered chart.
// They start processes and share loopback ports, so they run one file at a time (runInBand).
export default {
  displayName: 'tests',
  preset: './jest.preset.js',
  rootDir: '..',
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: {
    // Transpile only (isolatedModules in test/tsconfig.json): the type check runs in the lint target,
    // and these files import with explicit .ts extensions so Node 24 can also run them directly.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 120_000,
};
