import type { EventEnvelope } from '@rre/contracts';
import type { StoredAttributes } from './stored-envelope';
import { envelopeFromStored, uncheckedEnvelopeFromStored } from './stored-envelope';

/** An outbox row as the relay and the embedded consumer read it. */
export interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string;
  type: string;
  sequence: string;
  attributes: StoredAttributes;
  data: Buffer;
  log_position: string | null;
}

export const OUTBOX_ROW_COLUMNS = 'id, event_id, topic, key, type, sequence, attributes, data, log_position';

export function envelopeOfRow(row: OutboxRow): EventEnvelope {
  return envelopeFromStored({
    eventId: row.event_id,
    type: row.type,
    key: row.key,
    sequence: row.sequence,
    attributes: row.attributes,
    data: row.data,
  });
}

/** envelopeOfRow without validation, for the relay: `toKafkaMessage` validates it when it is sent. */
export function uncheckedEnvelopeOfRow(row: OutboxRow): EventEnvelope {
  return uncheckedEnvelopeFromStored({
    eventId: row.event_id,
    type: row.type,
    key: row.key,
    sequence: row.sequence,
    attributes: row.attributes,
    data: row.data,
  });
}
