module.exports = {
  displayName: 'shared-persistence (integration)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.integration-spec.ts'],
};
