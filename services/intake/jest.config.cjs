module.exports = {
  displayName: 'intake-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
