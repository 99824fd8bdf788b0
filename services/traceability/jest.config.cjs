module.exports = {
  displayName: 'traceability-service',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
