/**
 * Kafka topic names, in one place. A topic name is `rre.<service>.<stream>.v<major>`; it never
 * changes once a topic carries events (topics are kept forever: they are the record). A breaking
 * change to what a topic carries makes a new topic with the next major version, written beside
 * the old one until every consumer has moved.
 */
export const Topics = {
  /** Lot lifecycle events of the intake service (every `rre.intake.lot.*.v1` event type), keyed by lot id. */
  IntakeLotEvents: 'rre.intake.lot-events.v1',
  /** Lot events of the concentration service (`rre.concentration.lot.*.v1`, @rre/process-runs), keyed by lot id. */
  ConcentrationLotEvents: 'rre.concentration.lot-events.v1',
  /** Run events of the concentration service (`rre.concentration.run.*.v1`, @rre/process-runs), keyed by run id. */
  ConcentrationRunEvents: 'rre.concentration.run-events.v1',
  /** Lot events of the separation service (`rre.separation.lot.*.v1`, @rre/process-runs), keyed by lot id. */
  SeparationLotEvents: 'rre.separation.lot-events.v1',
  /** Run events of the separation service (`rre.separation.run.*.v1`, @rre/process-runs), keyed by run id. */
  SeparationRunEvents: 'rre.separation.run-events.v1',
  /** Lot events of the reduction service (`rre.reduction.lot.*.v1`, @rre/process-runs), keyed by lot id. */
  ReductionLotEvents: 'rre.reduction.lot-events.v1',
  /** Run events of the reduction service (`rre.reduction.run.*.v1`, @rre/process-runs), keyed by run id. */
  ReductionRunEvents: 'rre.reduction.run-events.v1',
  /** Lot events of the sales service (`rre.sales.lot.*.v1`: shipments), keyed by lot id. */
  SalesLotEvents: 'rre.sales.lot-events.v1',
  /** Statements issued by the traceability service (`rre.traceability.statement.*.v1`), keyed by lot id. */
  TraceabilityStatementEvents: 'rre.traceability.statement-events.v1',
} as const;

/** A topic name of the platform. */
export type Topic = (typeof Topics)[keyof typeof Topics];

/**
 * Every topic of the platform. There are no dead-letter topics: a consumer parks an event it
 * cannot handle in its own `dead_letter` table (see @rre/messaging).
 */
export const ALL_TOPICS: readonly Topic[] = Object.freeze(Object.values(Topics));

/** `rre.<service>.<stream>.v<major>`: lowercase letters, digits and hyphens between the dots. */
export const TOPIC_NAME_PATTERN = /^rre\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

/** Whether `name` is one of the platform's topics. */
export function isTopic(name: string): name is Topic {
  return (ALL_TOPICS as readonly string[]).includes(name);
}
