import { create, type DescMessage, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import type { ConsumedEvent, EventConsumerDefinition } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import { ulid } from 'ulid';

/**
 * What a delivered event's position counts: every delivery of the spec (`delivery`), the deliveries
 * on its topic (`topic`, one partition per topic as Kafka would), or its subject's sequence.
 */
export type PositionCount = 'delivery' | 'topic' | 'sequence';

export interface EventDeliveryOptions {
  /** The data source the consumer writes to; a function when the spec opens it in `beforeAll`. */
  readonly dataSource: DataSource | (() => DataSource);
  /** The consumer under test; a function when the spec builds it per delivery. */
  readonly consumer: EventConsumerDefinition | (() => EventConsumerDefinition);
  /** Default `delivery`. */
  readonly positions?: PositionCount;
  /** Where the position says the event was read: its topic (default) or the service that emitted it. */
  readonly positionSource?: 'topic' | 'service';
  /** The envelope's actor (default `usr-1`). */
  readonly actor?: string;
  /** The time of an event numbered by `event` (without a time of its own), from its position. */
  readonly clock?: (position: number) => string;
}

export interface EventDelivery {
  /** Numbers one event of the service named by `type` (`rre.<service>.…`) and hands it to the consumer in a transaction; the envelope id. */
  deliver<Desc extends DescMessage>(
    topic: string,
    type: string,
    subject: string,
    time: string,
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
  ): Promise<string>;
  /** Numbers one event timed by the `clock`, to be handed over later with `handle`. */
  event<Desc extends DescMessage>(
    topic: string,
    type: string,
    subject: string,
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
  ): ConsumedEvent<unknown>;
  /** Hands an event to the consumer in a transaction. */
  handle(consumed: ConsumedEvent<unknown>): Promise<void>;
  /** The last sequence number of each `<service>|<subject>`. */
  readonly sequences: Map<string, number>;
}

/**
 * Feeds a consumer events as its service's publisher numbers them: one sequence per service and
 * subject, each envelope with a fresh id, the flow-1 correlation and the plant as actor organisation.
 */
export function eventDelivery(options: EventDeliveryOptions): EventDelivery {
  const sequences = new Map<string, number>();
  const positions = new Map<string, number>();
  let deliveries = 0;
  const dataSourceOf = () =>
    typeof options.dataSource === 'function' ? options.dataSource() : options.dataSource;
  const consumerOf = () => (typeof options.consumer === 'function' ? options.consumer() : options.consumer);

  function numbered<Desc extends DescMessage>(
    topic: string,
    type: string,
    subject: string,
    time: string | ((position: number) => string),
    messageSchema: Desc,
    init: MessageInitShape<Desc>,
  ): ConsumedEvent<unknown> {
    const service = type.split('.')[1] ?? 'unknown';
    const sequence = (sequences.get(`${service}|${subject}`) ?? 0) + 1;
    sequences.set(`${service}|${subject}`, sequence);
    deliveries += 1;
    const onTopic = (positions.get(topic) ?? 0) + 1;
    positions.set(topic, onTopic);
    const counted = { delivery: deliveries, topic: onTopic, sequence }[options.positions ?? 'delivery'];
    const message = create(messageSchema, init);
    return {
      consumer: 'test',
      envelope: {
        id: ulid(),
        source: `/rre/${service}`,
        type,
        specversion: '1.0',
        time: typeof time === 'function' ? time(counted) : time,
        subject,
        datacontenttype: 'application/protobuf',
        data: toBinary(messageSchema, message),
        sequence: String(sequence),
        correlationid: 'flow-1',
        causationid: 'request-1',
        actorsub: options.actor ?? 'usr-1',
        actororg: 'org-plant',
      },
      type,
      message,
      topic,
      position: { source: options.positionSource === 'service' ? service : topic, position: String(counted) },
      attempt: 1,
      replay: false,
    };
  }

  async function handle(consumed: ConsumedEvent<unknown>): Promise<void> {
    const handler = consumerOf().handlers[consumed.type];
    if (!handler) throw new Error(`no handler for ${consumed.type}`);
    await inTransaction(dataSourceOf(), (manager) => handler(consumed as never, manager));
  }

  return {
    async deliver(topic, type, subject, time, messageSchema, init) {
      const consumed = numbered(topic, type, subject, time, messageSchema, init);
      await handle(consumed);
      return consumed.envelope.id;
    },
    event(topic, type, subject, messageSchema, init) {
      const clock = options.clock;
      if (!clock) throw new Error('eventDelivery: event() times events by the clock option; none was given');
      return numbered(topic, type, subject, clock, messageSchema, init);
    },
    handle,
    sequences,
  };
}

/** A clock for `eventDelivery`: the event at position n comes n seconds after `start`. */
export function secondsAfter(start: string): (position: number) => string {
  const from = new Date(start).getTime();
  return (position) => new Date(from + position * 1000).toISOString();
}
