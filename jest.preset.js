// Shared Jest settings for every project: ts-jest in transpile-only mode (type checking is the
// `typecheck` target's job) and the Nx resolver, which maps the `@rre/*` paths of tsconfig.base.json.
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageReporters: ['text-summary'],
};
