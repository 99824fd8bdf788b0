module.exports = {
  displayName: 'shared-testing (integration)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.integration-spec.ts'],
};
