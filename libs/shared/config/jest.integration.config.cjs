module.exports = {
  displayName: 'shared-config (integration)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.integration-spec.ts'],
};
