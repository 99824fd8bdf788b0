module.exports = {
  displayName: 'shared-quantities',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
};
