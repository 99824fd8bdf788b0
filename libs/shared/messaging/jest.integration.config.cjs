// Integration tests (`*.integration-spec.ts`) on the database of TEST_DATABASE (pglite or postgres).
module.exports = {
  displayName: 'shared-messaging (integration)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.integration-spec.ts'],
  testTimeout: 120000,
};
