module.exports = {
  displayName: 'intake (s3)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testTimeout: 60_000,
  testMatch: ['**/*.s3-spec.ts'],
};
