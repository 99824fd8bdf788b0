// Tests against a real Kafka broker (`*.kafka-spec.ts`): KAFKA_BROKERS (infra/kafka/README.md) and
// TEST_DATABASE=postgres.
module.exports = {
  displayName: 'sales-service (kafka)',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['**/*.kafka-spec.ts'],
  testTimeout: 180_000,
};
