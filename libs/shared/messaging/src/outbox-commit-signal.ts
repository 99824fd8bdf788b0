import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

const OUTBOX_WRITTEN = 'rre.messaging.outboxWritten';

/** Marks the transaction of `manager` as one that wrote to the outbox (see watchOutboxCommits). */
export function markOutboxWritten(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner) runner.data[OUTBOX_WRITTEN] = true;
}

/**
 * Calls `listener` right after a transaction of `dataSource` that wrote to the outbox commits, so
 * that a relay or sequencer picks the new rows up at once instead of at its next poll. Returns a
 * function that removes the listener.
 */
export function watchOutboxCommits(dataSource: DataSource, listener: () => void): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit(event: TransactionCommitEvent) {
      const runner = event.queryRunner;
      // Nested transactions (savepoints) broadcast too; only the outermost commit publishes rows.
      if (runner.isTransactionActive || runner.data[OUTBOX_WRITTEN] !== true) return;
      delete runner.data[OUTBOX_WRITTEN];
      listener();
    },
    afterTransactionRollback(event) {
      if (!event.queryRunner.isTransactionActive) delete event.queryRunner.data[OUTBOX_WRITTEN];
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}
