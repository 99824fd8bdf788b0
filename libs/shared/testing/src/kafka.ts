import { randomBytes } from 'node:crypto';
import { Kafka, KafkaConfig, logCreator, logLevel } from 'kafkajs';

/** The message thrown when a Kafka test runs without a broker address. */
export const KAFKA_BROKERS_NOT_SET_MESSAGE =
  'KAFKA_BROKERS is not set: run `npm test` (which starts infra/kafka) or `bash infra/kafka/kafka.sh start` ' +
  'and export KAFKA_BROKERS=127.0.0.1:9092';

/**
 * The Kafka bootstrap brokers for tests, from the comma-separated env variable KAFKA_BROKERS
 * (for example `127.0.0.1:9092`). Throws a loud error when it is unset or empty, so a Kafka test
 * never silently skips or hangs on a default address.
 */
export function kafkaBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const brokers = (env['KAFKA_BROKERS'] ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) {
    throw new Error(KAFKA_BROKERS_NOT_SET_MESSAGE);
  }
  for (const broker of brokers) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/.test(broker)) {
      throw new Error(
        `KAFKA_BROKERS has an entry that is not host:port: '${broker}' (in '${env['KAFKA_BROKERS']}')`,
      );
    }
  }
  return brokers;
}

let nameCounter = 0;

/**
 * A topic (or group / client / transactional) name that no other test, test run or process uses:
 * `<prefix>.<time>-<pid>-<counter>-<random>`. Only characters legal in Kafka topic names are kept,
 * and the result stays within Kafka's 249-character limit.
 */
export function uniqueTopicName(prefix = 'test'): string {
  nameCounter += 1;
  const safePrefix = prefix.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 180) || 'test';
  const suffix = [
    Date.now().toString(36),
    process.pid.toString(36),
    nameCounter.toString(36),
    randomBytes(4).toString('hex'),
  ].join('-');
  return `${safePrefix}.${suffix}`;
}

/** A consumer group id that no other test uses (same form as {@link uniqueTopicName}). */
export function uniqueGroupId(prefix = 'test-group'): string {
  return uniqueTopicName(prefix);
}

/**
 * Error answers that kafkajs logs at ERROR level although it handles them itself (it rejoins the group
 * or looks the coordinator up again): every rebalance and the first use of a consumer group on a
 * fresh broker produce them, and they would drown real problems in test output.
 */
const EXPECTED_BROKER_ERRORS = [
  'The group is rebalancing, so a rejoin is needed',
  'The group coordinator is not available',
  'This is not the correct coordinator for this group',
  "The coordinator is loading and hence can't process requests",
];

/**
 * A kafkajs log creator for tests: one compact line on stderr per entry (no console stack traces),
 * leaving out the expected, self-healing broker errors listed above.
 */
export const testKafkaLogCreator: logCreator =
  () =>
  ({ namespace, label, log }) => {
    const { message, error, stack: _stack, timestamp: _timestamp, logger: _logger, ...rest } = log;
    if (typeof error === 'string' && EXPECTED_BROKER_ERRORS.includes(error)) {
      return;
    }
    const details = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    process.stderr.write(
      `[kafkajs ${label}] ${namespace}: ${message}${error ? ` (${error})` : ''}${details}\n`,
    );
  };

/**
 * A kafkajs client for tests against {@link kafkaBrokers}: short connection and request timeouts, few
 * retries, and only kafkajs warnings and errors logged, compactly ({@link testKafkaLogCreator}; pass
 * `logLevel` or `logCreator` to change that).
 */
export function testKafka(config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: uniqueTopicName('test-client'),
    brokers: kafkaBrokers(),
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: testKafkaLogCreator,
    ...config,
  });
}
