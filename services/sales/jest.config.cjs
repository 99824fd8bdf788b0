module.exports = {
  displayName: 'sales-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
