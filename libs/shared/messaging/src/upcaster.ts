import type { EventEnvelope } from '@rre/contracts';

/**
 * Turns the message of an older event type (or major version) into the message of a newer one,
 * on read: old events stay in the log as they were written, and a replay from the beginning
 * still reaches handlers that only know the current type.
 */
export interface Upcaster<From = never, To = unknown> {
  /** The type it reads, e.g. `rre.intake.lot.registered.v1`. */
  readonly from: string;
  /** The type it produces, e.g. `rre.intake.lot.registered.v2`. */
  readonly to: string;
  upcast(message: From, envelope: EventEnvelope): To;
}

/** An upcaster with its message types checked. */
export function upcaster<From, To>(
  from: string,
  to: string,
  upcast: (message: From, envelope: EventEnvelope) => To,
): Upcaster<From, To> {
  return { from, to, upcast };
}

/** Upcasters by the type they read; refuses two from one type and cycles. */
export function upcasterChain(upcasters: readonly Upcaster[]): ReadonlyMap<string, Upcaster> {
  const byType = new Map<string, Upcaster>();
  for (const candidate of upcasters) {
    if (byType.has(candidate.from)) throw new Error(`two upcasters read ${candidate.from}`);
    if (candidate.from === candidate.to) throw new Error(`upcaster from ${candidate.from} to itself`);
    byType.set(candidate.from, candidate);
  }
  for (const start of byType.keys()) {
    const seen = new Set<string>([start]);
    for (let next = byType.get(start)?.to; next !== undefined; next = byType.get(next)?.to) {
      if (seen.has(next)) throw new Error(`upcasters form a cycle through ${next}`);
      seen.add(next);
    }
  }
  return byType;
}
