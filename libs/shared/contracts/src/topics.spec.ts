import { ALL_TOPICS, isTopic, TOPIC_NAME_PATTERN, Topics } from './topics';

describe('topics', () => {
  it('names every topic with its service, stream and version', () => {
    expect(Topics.IntakeLotEvents).toBe('rre.intake.lot-events.v1');
    expect(ALL_TOPICS).toEqual([
      'rre.intake.lot-events.v1',
      'rre.concentration.lot-events.v1',
      'rre.concentration.run-events.v1',
      'rre.separation.lot-events.v1',
      'rre.separation.run-events.v1',
      'rre.reduction.lot-events.v1',
      'rre.reduction.run-events.v1',
      'rre.sales.lot-events.v1',
      'rre.traceability.statement-events.v1',
    ]);
  });

  it.each(ALL_TOPICS)('%s follows the naming rule and is a legal Kafka topic name', (topic) => {
    expect(topic).toMatch(TOPIC_NAME_PATTERN);
    // Kafka: [a-zA-Z0-9._-], at most 249 characters.
    expect(topic).toMatch(/^[a-zA-Z0-9._-]{1,249}$/);
  });

  it('knows its topics (there are no dead-letter topics)', () => {
    expect(isTopic('rre.intake.lot-events.v1')).toBe(true);
    expect(isTopic('rre.intake.lots.v1')).toBe(false);
    expect(isTopic('rre.intake.lot-events.v1.dlq')).toBe(false);
  });
});
