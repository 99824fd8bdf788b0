import { encodeEventData, type EventDataInitOf, type EventType, Topics } from '@rre/contracts';
import { EventPublisher, LogSequencer, messagingMigrations } from '@rre/messaging';
import { inTransaction, openServiceDatabase, serviceSchema, uniqueSchemaName } from '@rre/persistence';
import type { DataSource } from 'typeorm';

/**
 * Intake's lot events for concentration's consumer in tests: an intake outbox in a schema of its
 * own, sequenced as the embedded event log, written as intake writes it (without intake's code).
 */
export class IntakeEventSource {
  private readonly publisher = new EventPublisher({ service: 'intake' });

  private constructor(
    readonly dataSource: DataSource,
    private readonly sequencer: LogSequencer,
  ) {}

  static async open(url: string): Promise<IntakeEventSource> {
    const dataSource = await openServiceDatabase({
      url,
      service: uniqueSchemaName('intake_src'),
      poolSize: 2,
      entities: [],
      migrations: messagingMigrations,
    });
    const sequencer = new LogSequencer({ dataSource, pollIntervalMs: 20 });
    sequencer.start();
    return new IntakeEventSource(dataSource, sequencer);
  }

  /** The schema whose outbox a consumer reads (its `sources`). */
  get schema(): string {
    return serviceSchema(this.dataSource);
  }

  async publish<T extends EventType>(lotId: string, type: T, message: EventDataInitOf<T>): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      this.publisher.publish(manager, {
        topic: Topics.IntakeLotEvents,
        type,
        subject: lotId,
        data: encodeEventData(type, message),
        actor: { sub: 'usr-op-1', org: 'org-plant' },
      }),
    );
  }

  async close(): Promise<void> {
    await this.sequencer.stop();
    if (!this.dataSource.isInitialized) return;
    await this.dataSource.query(`DROP SCHEMA "${this.schema}" CASCADE`);
    await this.dataSource.destroy();
  }
}
