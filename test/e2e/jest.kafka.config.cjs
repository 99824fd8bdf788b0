module.exports = {
  displayName: 'e2e (kafka)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 600_000,
  testMatch: ['**/*.kafka-spec.ts'],
};
