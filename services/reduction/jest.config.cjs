module.exports = {
  displayName: 'reduction-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
