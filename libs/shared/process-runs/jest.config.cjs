module.exports = {
  displayName: 'shared-process-runs',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
