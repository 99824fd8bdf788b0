import {
  ALL_TOPICS,
  DLQ_SUFFIX,
  dlqTopicOf,
  isDlqTopic,
  isTopic,
  type Topic,
  TOPIC_NAME_PATTERN,
  Topics,
} from './topics';

describe('topics', () => {
  it('names the intake lot-events topic with its version', () => {
    expect(Topics.IntakeLotEvents).toBe('rre.intake.lot-events.v1');
    expect(ALL_TOPICS).toEqual(['rre.intake.lot-events.v1']);
  });

  it.each(ALL_TOPICS)('%s follows the naming rule and is a legal Kafka topic name', (topic) => {
    expect(topic).toMatch(TOPIC_NAME_PATTERN);
    // Kafka: [a-zA-Z0-9._-], at most 249 characters; the .dlq suffix must still fit.
    expect(dlqTopicOf(topic)).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it('derives the dead-letter topic as <topic>.dlq', () => {
    expect(DLQ_SUFFIX).toBe('.dlq');
    expect(dlqTopicOf(Topics.IntakeLotEvents)).toBe('rre.intake.lot-events.v1.dlq');
    expect(isDlqTopic('rre.intake.lot-events.v1.dlq')).toBe(true);
    expect(isDlqTopic('rre.intake.lot-events.v1')).toBe(false);
    expect(isDlqTopic('rre.nothing.here.v1.dlq')).toBe(false);
  });

  it('knows its topics and refuses a DLQ of an unknown one', () => {
    expect(isTopic('rre.intake.lot-events.v1')).toBe(true);
    expect(isTopic('rre.intake.lot-events.v1.dlq')).toBe(false);
    expect(() => dlqTopicOf('rre.intake.lots.v1' as Topic)).toThrow(
      'dlqTopicOf: "rre.intake.lots.v1" is not a topic of the platform (rre.intake.lot-events.v1)',
    );
  });
});
