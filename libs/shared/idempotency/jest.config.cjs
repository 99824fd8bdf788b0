module.exports = {
  displayName: 'shared-idempotency',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
