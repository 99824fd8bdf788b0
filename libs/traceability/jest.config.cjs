module.exports = {
  displayName: 'traceability',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
