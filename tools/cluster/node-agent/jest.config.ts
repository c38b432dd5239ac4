// The node agent's specs: unit specs of its pure parts beside them, and integration/ against a real
// control plane (root, scripts/setup/kubernetes.sh's binaries), one file at a time. Run by Node 24
// with --experimental-vm-modules (project.json): that is how Jest require()s @kubernetes/client-node,
// an ES module.
export default {
  displayName: 'node-agent',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: {
    // Transpile only, as for test/: the type check runs in the tests project's lint target.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 180_000,
};
