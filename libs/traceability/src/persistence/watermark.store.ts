import { serviceSchema } from '@rre/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** How far the traceability consumer has read one topic from one source (partition or outbox). */
export interface TopicWatermark {
  readonly topic: string;
  /** Kafka: the topic; embedded: the schema of the outbox it reads. */
  readonly source: string;
  /** Kafka partition; 0 in embedded mode. */
  readonly partition: number;
  /** The Kafka offset or log position of the last event read, decimal text. */
  readonly position: string;
  /** Events read from this source (released at once or held by the gate). */
  readonly events: string;
  /** The CloudEvents time of the last event read. */
  readonly lastEventTime: Date;
}

export class WatermarkStore {
  async advance(
    manager: EntityManager,
    read: { topic: string; source: string; partition: number; position: string; eventTime: Date; now: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "${serviceSchema(manager)}".trace_position AS p
         (topic, source, partition, position, events, last_event_time, updated_at)
       VALUES ($1, $2, $3, $4::numeric, 1, $5, $6)
       ON CONFLICT (topic, source, partition) DO UPDATE SET
         position = greatest(p.position, excluded.position),
         events = p.events + 1,
         last_event_time = greatest(p.last_event_time, excluded.last_event_time),
         updated_at = excluded.updated_at`,
      [read.topic, read.source, read.partition, read.position, read.eventTime, read.now],
    );
  }

  async all(source: DataSource | EntityManager): Promise<TopicWatermark[]> {
    const rows = (await source.query(
      `SELECT topic, source, partition, position::text AS position, events::text AS events, last_event_time
       FROM "${serviceSchema(source)}".trace_position ORDER BY topic, source, partition`,
    )) as {
      topic: string;
      source: string;
      partition: number;
      position: string;
      events: string;
      last_event_time: Date;
    }[];
    return rows.map((row) => ({
      topic: row.topic,
      source: row.source,
      partition: row.partition,
      position: row.position,
      events: row.events,
      lastEventTime: new Date(row.last_event_time),
    }));
  }
}
