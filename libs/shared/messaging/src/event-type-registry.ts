import { decodeEventData, isEventType } from '@rre/contracts';

/** Decodes an event's data (protobuf bytes) into its message. */
export type EventDecoder = (data: Uint8Array) => unknown;

/** Which event types a consumer can decode, and how. */
export interface EventTypeRegistry {
  decoderFor(type: string): EventDecoder | undefined;
}

/** Every event type of @rre/contracts, decoded with its generated schema (unknown fields are skipped). */
export const contractsEventTypes: EventTypeRegistry = {
  decoderFor: (type) => (isEventType(type) ? (data) => decodeEventData(type, data) : undefined),
};

/**
 * A registry of the given decoders, in front of `fallback` (default: the contracts registry). For
 * event types that are not (or no longer) in @rre/contracts, and for tests.
 */
export function eventTypeRegistry(
  decoders: Readonly<Record<string, EventDecoder>>,
  fallback: EventTypeRegistry | undefined = contractsEventTypes,
): EventTypeRegistry {
  const own = new Map(Object.entries(decoders));
  return { decoderFor: (type) => own.get(type) ?? fallback?.decoderFor(type) };
}
