module.exports = {
  displayName: 'separation',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
