module.exports = {
  displayName: 'people-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
