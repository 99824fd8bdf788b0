// Shared Jest settings for every project: ts-jest in transpile-only mode (type checking is the
// `typecheck` step's job) with a transform cache shared by every config (tools/test/ts-transformer.cjs),
// the Nx resolver (it maps the `@rre/*` paths of tsconfig.base.json), and a reporter that hands each
// project's counts to `npm test`'s summary.
const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

const tsTransformer = path.join(__dirname, 'tools', 'test', 'ts-transformer.cjs');

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [tsTransformer, { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // jose 6 ships ES modules only: Node 20.19+ loads them with require(esm), Jest's CommonJS module
    // system does not (before Node 24.9), so tests transpile it to CommonJS.
    '/node_modules/jose/.+\\.js$': [
      tsTransformer,
      { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', target: 'ES2022' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  coverageReporters: ['text-summary'],
  reporters: ['default', path.join(__dirname, 'tools', 'test', 'results-reporter.cjs')],
};
