// Shared Jest settings for every project: ts-jest in transpile-only mode (type checking is the
// `typecheck` step's job), the Nx resolver (it maps the `@rre/*` paths of tsconfig.base.json), and
// a reporter that hands each project's counts to `npm test`'s summary.
const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageReporters: ['text-summary'],
  reporters: ['default', path.join(__dirname, 'tools', 'test', 'results-reporter.cjs')],
};
