import { getRandomValues } from 'node:crypto';
import { ulid } from 'ulid';

const pool = new Uint8Array(4096);
let next = pool.length;

/**
 * ulid's default generator asks the CSPRNG for one byte per character (16 calls per id); this one
 * draws the same bytes from a pooled buffer refilled 4 KiB at a time. Same distribution (byte / 256).
 * Pass it to `ulid(time, pooledUlidRandom)` or `monotonicFactory(pooledUlidRandom)`.
 */
export function pooledUlidRandom(): number {
  if (next >= pool.length) {
    getRandomValues(pool);
    next = 0;
  }
  return (pool[next++] as number) / 256;
}

/** A new event id: a ULID (time-ordered to the millisecond, 80 random bits). */
export function newEventId(): string {
  return ulid(undefined, pooledUlidRandom);
}
