module.exports = {
  displayName: 'sales-service (integration)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  testMatch: ['**/*.integration-spec.ts'],
};
