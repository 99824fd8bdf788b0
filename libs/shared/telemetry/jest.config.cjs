module.exports = {
  displayName: 'shared-telemetry',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
