// Tests against a real Kafka broker (`*.kafka-spec.ts`): they need KAFKA_BROKERS, see infra/kafka/README.md.
module.exports = {
  displayName: 'shared-testing (kafka)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.kafka-spec.ts'],
  testTimeout: 60000,
};
