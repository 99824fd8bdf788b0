module.exports = {
  displayName: 'shared-quantities (integration)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.integration-spec.ts'],
};
