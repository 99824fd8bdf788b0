module.exports = {
  displayName: 'gateway (integration)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 240_000,
  testMatch: ['**/*.integration-spec.ts'],
};
