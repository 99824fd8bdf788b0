import { KAFKA_BROKERS_NOT_SET_MESSAGE, kafkaBrokers, uniqueGroupId, uniqueTopicName } from './kafka';
import { waitFor } from './wait-for';

describe('kafkaBrokers', () => {
  it('splits KAFKA_BROKERS on commas and trims the entries', () => {
    expect(kafkaBrokers({ KAFKA_BROKERS: '127.0.0.1:9092' })).toEqual(['127.0.0.1:9092']);
    expect(kafkaBrokers({ KAFKA_BROKERS: ' a:1 , b.example:9093,' })).toEqual(['a:1', 'b.example:9093']);
    expect(kafkaBrokers({ KAFKA_BROKERS: '[::1]:9092' })).toEqual(['[::1]:9092']);
  });

  it('fails loudly, saying how to start the broker, when KAFKA_BROKERS is unset or blank', () => {
    expect(() => kafkaBrokers({})).toThrow(KAFKA_BROKERS_NOT_SET_MESSAGE);
    expect(() => kafkaBrokers({ KAFKA_BROKERS: ' , ' })).toThrow(KAFKA_BROKERS_NOT_SET_MESSAGE);
    expect(KAFKA_BROKERS_NOT_SET_MESSAGE).toContain('bash infra/kafka/kafka.sh start');
    expect(KAFKA_BROKERS_NOT_SET_MESSAGE).toContain('export KAFKA_BROKERS=127.0.0.1:9092');
  });

  it('rejects an entry that is not host:port', () => {
    expect(() => kafkaBrokers({ KAFKA_BROKERS: '127.0.0.1' })).toThrow(/not host:port: '127.0.0.1'/);
  });
});

describe('uniqueTopicName', () => {
  it('gives a different legal topic name on every call', () => {
    const names = Array.from({ length: 200 }, () => uniqueTopicName('orders events/v1'));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^orders-events-v1\.[a-zA-Z0-9._-]+$/);
      expect(name.length).toBeLessThanOrEqual(249);
    }
    expect(uniqueTopicName('x'.repeat(400)).length).toBeLessThanOrEqual(249);
    expect(uniqueGroupId()).toMatch(/^test-group\./);
  });
});

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let calls = 0;
    await waitFor(() => ++calls >= 3, 'three calls', { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('rejects with the description after the timeout', async () => {
    await expect(waitFor(() => false, 'never', { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'Timed out after 20 ms waiting for: never',
    );
  });
});
