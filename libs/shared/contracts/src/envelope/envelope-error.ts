/**
 * An event envelope, or a Kafka message meant to carry one, that breaks the contract: a required
 * attribute or header is missing, or a value is invalid. The message names the attribute (and the
 * Kafka header, when reading one), the value and the rule.
 */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  /** The CloudEvents attribute at fault (`time`, `sequence`, ...), or `key` / `value` for the Kafka record's. */
  readonly attribute: string;
  /** The Kafka header at fault (`ce_time`, `traceparent`, ...), when reading or writing a Kafka message. */
  readonly header: string | undefined;

  constructor(details: { attribute: string; header?: string; problem: string }) {
    const where =
      details.header === undefined ? details.attribute : `${details.header} (${details.attribute})`;
    super(`invalid CloudEvents envelope: ${where}: ${details.problem}`);
    this.attribute = details.attribute;
    this.header = details.header;
  }
}
