module.exports = {
  displayName: 'separation-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
