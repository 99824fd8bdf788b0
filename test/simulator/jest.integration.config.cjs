module.exports = {
  displayName: 'simulator (integration)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 120_000,
  testMatch: ['**/*.integration-spec.ts'],
};
