/**
 * Kafka topic names, in one place. A topic name is `rre.<service>.<stream>.v<major>`; it never
 * changes once a topic carries events (topics are kept forever: they are the record). A breaking
 * change to what a topic carries makes a new topic with the next major version, written beside
 * the old one until every consumer has moved.
 */
export const Topics = {
  /** Lot lifecycle events of the intake service (every `rre.intake.lot.*.v1` event type), keyed by lot id. */
  IntakeLotEvents: 'rre.intake.lot-events.v1',
} as const;

/** A topic name of the platform. */
export type Topic = (typeof Topics)[keyof typeof Topics];

/** Every topic of the platform (not their dead-letter topics). */
export const ALL_TOPICS: readonly Topic[] = Object.freeze(Object.values(Topics));

/** Suffix of a dead-letter topic: events parked after their retries, with the reason. */
export const DLQ_SUFFIX = '.dlq';

/** `rre.<service>.<stream>.v<major>`: lowercase letters, digits and hyphens between the dots. */
export const TOPIC_NAME_PATTERN = /^rre\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

/** Whether `name` is one of the platform's topics (not a dead-letter topic). */
export function isTopic(name: string): name is Topic {
  return (ALL_TOPICS as readonly string[]).includes(name);
}

/** The dead-letter topic of `topic`: `rre.intake.lot-events.v1` -> `rre.intake.lot-events.v1.dlq`. */
export function dlqTopicOf(topic: Topic): string {
  if (!isTopic(topic)) {
    throw new Error(
      `dlqTopicOf: "${String(topic)}" is not a topic of the platform (${ALL_TOPICS.join(', ')})`,
    );
  }
  return `${topic}${DLQ_SUFFIX}`;
}

/** Whether `name` is a dead-letter topic of one of the platform's topics. */
export function isDlqTopic(name: string): boolean {
  return name.endsWith(DLQ_SUFFIX) && isTopic(name.slice(0, -DLQ_SUFFIX.length));
}
