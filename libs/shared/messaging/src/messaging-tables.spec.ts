import { messagingTables } from './messaging-tables';

describe('messagingTables', () => {
  it('qualifies every table with the schema', () => {
    expect(messagingTables('intake')).toEqual({
      schema: 'intake',
      outbox: '"intake"."outbox"',
      aggregateSequence: '"intake"."aggregate_sequence"',
      inbox: '"intake"."inbox"',
      consumerOffset: '"intake"."consumer_offset"',
      deadLetter: '"intake"."dead_letter"',
    });
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() => messagingTables('In"take')).toThrow('Invalid schema name');
  });
});
