module.exports = {
  displayName: 'concentration',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
