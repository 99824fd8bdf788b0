module.exports = {
  displayName: 'simulator (kafka)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 120_000,
  testMatch: ['**/*.kafka-spec.ts'],
};
