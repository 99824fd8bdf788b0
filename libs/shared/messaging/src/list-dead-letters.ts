import type { DataSource } from 'typeorm';
import type { DeadLetter, DeadLetterStatus } from './dead-letter';
import { DeadLetterStore } from './dead-letter-store';
import { messagingTablesOf } from './messaging-tables';

/** The dead letters in the schema of `dataSource`, oldest first; all consumers when `consumer` is undefined. */
export function listDeadLetters(
  dataSource: DataSource,
  consumer?: string,
  filter: { status?: DeadLetterStatus; key?: string } = {},
): Promise<DeadLetter[]> {
  return new DeadLetterStore(messagingTablesOf(dataSource)).list(dataSource, consumer, filter);
}
