module.exports = {
  displayName: 'platform (kafka)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  testMatch: ['**/*.kafka-spec.ts'],
};
