module.exports = {
  displayName: 'concentration-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
