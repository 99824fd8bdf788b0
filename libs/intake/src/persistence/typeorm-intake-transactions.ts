import type { EventPublisher } from '@rre/messaging';
import { inTransaction } from '@rre/persistence';
import type { DataSource } from 'typeorm';
import type { IntakeClock } from '../application/ports/intake-clock.port';
import type { IntakeTransaction, IntakeTransactions } from '../application/ports/intake-transactions.port';
import { OutboxLotEventPublisher } from '../messaging/outbox-lot-event-publisher';
import { TypeormIdempotencyStore } from './typeorm-idempotency-store';
import { TypeormLotStore } from './typeorm-lot-store';

/** One database transaction per call: the lot changes, the outbox events and the idempotency key commit together. */
export class TypeormIntakeTransactions implements IntakeTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly clock: IntakeClock,
  ) {}

  run<T>(work: (transaction: IntakeTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => {
      const lots = new TypeormLotStore(manager, () => this.clock.now());
      const outbox = new OutboxLotEventPublisher(manager, this.publisher);
      return work({
        lots,
        outbox,
        idempotency: new TypeormIdempotencyStore(manager),
        registerLots: (registered, metadata) =>
          lots.addAllPublished(registered, (alongside) =>
            outbox.publishRegistrations(registered, metadata, alongside),
          ),
      });
    });
  }
}
