/** `parked`: failed (or could not be handled) and blocks its key; `waiting`: queued behind a parked event of its key; `replayed`: handled by a replay. */
export type DeadLetterStatus = 'parked' | 'waiting' | 'replayed';

/** Why an event is in the dead letters. */
export type DeadLetterReason =
  | 'handler-failed'
  | 'unprocessable'
  | 'unknown-type'
  | 'unknown-major-version'
  | 'undecodable'
  | 'upcast-failed'
  | 'malformed-envelope'
  | 'key-parked';

export interface DeadLetter {
  id: string;
  consumer: string;
  topic: string;
  key: string;
  eventId: string;
  type: string;
  status: DeadLetterStatus;
  reason: DeadLetterReason;
  error: string | null;
  attempts: number;
  source: string;
  sourcePartition: number | null;
  sourcePosition: string | null;
  parkedAt: Date;
  replayedAt: Date | null;
}
