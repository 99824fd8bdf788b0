module.exports = {
  displayName: 'shared-service-runtime',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
