module.exports = {
  displayName: 'sales',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
};
