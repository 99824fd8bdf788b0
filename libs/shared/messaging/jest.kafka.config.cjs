// Tests against a real Kafka broker (`*.kafka-spec.ts`): they need KAFKA_BROKERS (see infra/kafka/README.md)
// and PostgreSQL (TEST_DATABASE=postgres).
module.exports = {
  displayName: 'shared-messaging (kafka)',
  preset: '../../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.kafka-spec.ts'],
  testTimeout: 120000,
};
