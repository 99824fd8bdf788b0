import type { DataSource } from 'typeorm';
import { messagingTablesOf } from '../messaging-tables';

/**
 * Sets where an embedded consumer reads `source` from next (after `position`; 0 = from the
 * beginning). Stop the consumer first. Events it handled before are dropped by its inbox.
 */
export async function rewindEmbeddedConsumer(
  dataSource: DataSource,
  consumer: string,
  source: string,
  position: bigint | number = 0,
): Promise<void> {
  const tables = messagingTablesOf(dataSource);
  await dataSource.query(
    `INSERT INTO ${tables.consumerOffset} (consumer, source, position) VALUES ($1, $2, $3)
     ON CONFLICT (consumer, source) DO UPDATE SET position = excluded.position, updated_at = now()`,
    [consumer, source, String(position)],
  );
}
