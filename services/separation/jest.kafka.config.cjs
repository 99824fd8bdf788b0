module.exports = {
  displayName: 'separation-service (kafka)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  testMatch: ['**/*.kafka-spec.ts'],
};
