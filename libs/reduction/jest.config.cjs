module.exports = {
  displayName: 'reduction',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
