import type { EventEnvelope } from '@rre/contracts';
import { eventTypeFamily } from './event-type-name';
import type { EventTypeRegistry } from './event-type-registry';
import type { Upcaster } from './upcaster';

/** Why an event cannot be handled at all (so it is parked without retrying). */
export type UnhandleableReason = 'unknown-type' | 'unknown-major-version' | 'undecodable' | 'upcast-failed';

export type EventResolution =
  | { kind: 'handle'; type: string; message: unknown }
  | { kind: 'ignore'; type: string }
  | { kind: 'park'; reason: UnhandleableReason; detail: string };

export interface ResolutionContext {
  registry: EventTypeRegistry;
  upcasters: ReadonlyMap<string, Upcaster>;
  /** The (current) types this consumer has handlers for. */
  handledTypes: ReadonlySet<string>;
}

/**
 * What a consumer does with an event: decode it (upcasting older types to the handled one), ignore
 * it (a known type it has no handler for), or park it (a type it does not know, a major version it
 * does not handle and cannot upcast, or bytes that are not the type's message).
 */
export function resolveEvent(envelope: EventEnvelope, context: ResolutionContext): EventResolution {
  const { registry, upcasters, handledTypes } = context;
  let type = envelope.type;
  let message: { value: unknown } | undefined;

  const decode = (current: string): { value: unknown } | EventResolution => {
    const decoder = registry.decoderFor(current);
    if (!decoder)
      return { kind: 'park', reason: 'unknown-type', detail: `no decoder for event type ${current}` };
    try {
      return { value: decoder(envelope.data) };
    } catch (error) {
      return { kind: 'park', reason: 'undecodable', detail: `${current}: ${errorText(error)}` };
    }
  };

  for (;;) {
    if (handledTypes.has(type)) {
      if (message) return { kind: 'handle', type, message: message.value };
      const decoded = decode(type);
      return 'kind' in decoded ? decoded : { kind: 'handle', type, message: decoded.value };
    }
    const next = upcasters.get(type);
    if (!next) break;
    if (!message) {
      const decoded = decode(type);
      if ('kind' in decoded) return decoded;
      message = decoded;
    }
    try {
      message = { value: next.upcast(message.value as never, envelope) };
    } catch (error) {
      return { kind: 'park', reason: 'upcast-failed', detail: `${type} -> ${next.to}: ${errorText(error)}` };
    }
    type = next.to;
  }

  const { family } = eventTypeFamily(type);
  if ([...handledTypes].some((handled) => eventTypeFamily(handled).family === family)) {
    return {
      kind: 'park',
      reason: 'unknown-major-version',
      detail: `${type}: this consumer handles ${[...handledTypes].filter((t) => eventTypeFamily(t).family === family).join(', ')} and has no upcaster from it`,
    };
  }
  if (registry.decoderFor(type)) return { kind: 'ignore', type };
  return { kind: 'park', reason: 'unknown-type', detail: `event type ${type} is not in the registry` };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
