import { types } from 'node:util';
import { EnvelopeError } from './envelope-error';

/** The CloudEvents version of every envelope. */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** The content type of every envelope's data: the event's protobuf message, binary encoded. */
export const PROTOBUF_CONTENT_TYPE = 'application/protobuf';

/**
 * One event as it travels: a CloudEvents 1.0 envelope whose data is the protobuf encoding of the
 * event type's message (see event-types.ts). Attribute names are the CloudEvents ones, all lowercase.
 * On Kafka it is a message in binary content mode (see kafka-binding.ts).
 */
export interface EventEnvelope {
  /** Unique id of this event (ULID or UUID); consumers record it in their inbox to drop redeliveries. */
  readonly id: string;
  /** URI-reference of the producing service, e.g. `/rre/intake`. */
  readonly source: string;
  /** Stable, versioned event type, e.g. `rre.intake.lot.registered.v1`. */
  readonly type: string;
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** When the occurrence happened, RFC 3339, e.g. `2026-01-31T09:30:00.000Z`. */
  readonly time: string;
  /** The aggregate the event is about: the lot id. It is also the Kafka key, so a lot's events stay in order. */
  readonly subject: string;
  readonly datacontenttype: typeof PROTOBUF_CONTENT_TYPE;
  /** Optional CloudEvents `dataschema` (a URI identifying the data's schema). */
  readonly dataschema?: string;
  /** The event type's protobuf message, binary encoded. */
  readonly data: Uint8Array;
  /** Extension: position of this event in its subject's history, 1, 2, 3, ... as a decimal string. */
  readonly sequence: string;
  /** Extension: id shared by every event and request of one business flow. */
  readonly correlationid: string;
  /** Extension: id of the event or request that caused this event. */
  readonly causationid: string;
  /** Extension: pseudonymous id of the acting subject (person or service account); never a name or e-mail address. */
  readonly actorsub: string;
  /** Extension: id of the acting organisation. */
  readonly actororg: string;
  /** W3C trace context `traceparent` of the operation that produced the event, if traced. */
  readonly traceparent?: string;
  /** W3C trace context `tracestate`; only with a traceparent. */
  readonly tracestate?: string;
  /** Further CloudEvents extension attributes, by name (lowercase a-z and 0-9, at most 20 characters). */
  readonly extensions?: Readonly<Record<string, string>>;
}

/** The platform's extension attributes, in the order they are written. */
export const ENVELOPE_EXTENSION_ATTRIBUTES = [
  'sequence',
  'correlationid',
  'causationid',
  'actorsub',
  'actororg',
] as const;

/** The CloudEvents 1.0 core context attributes. */
export const CLOUDEVENTS_CORE_ATTRIBUTES = [
  'id',
  'source',
  'specversion',
  'type',
  'datacontenttype',
  'dataschema',
  'subject',
  'time',
  'data',
  'data_base64',
] as const;

/** Attribute names an entry of `extensions` may not take. */
const RESERVED_NAMES: ReadonlySet<string> = new Set<string>([
  ...CLOUDEVENTS_CORE_ATTRIBUTES,
  ...ENVELOPE_EXTENSION_ATTRIBUTES,
  'traceparent',
  'tracestate',
  'extensions',
]);

const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;

/** Whether `name` may name a CloudEvents extension attribute: lowercase a-z and 0-9, 1 to 20 characters. */
export function isValidExtensionName(name: string): boolean {
  return EXTENSION_NAME.test(name);
}

for (const name of [...ENVELOPE_EXTENSION_ATTRIBUTES, 'traceparent', 'tracestate']) {
  if (!isValidExtensionName(name))
    throw new Error(`extension attribute name "${name}" breaks the CloudEvents rules`);
}

const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Characters of a URI-reference (RFC 3986): unreserved, reserved and percent signs. */
const URI_REFERENCE = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const POSITIVE_INTEGER = /^[1-9][0-9]*$/;
const MAX_SEQUENCE = 9223372036854775807n; // PostgreSQL bigint
const WHITESPACE = /\s/;
const EMAIL_LIKE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const TRACEPARENT_V00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const TRACEPARENT_FUTURE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(?:-.*)?$/;
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/** Whether `time` is an RFC 3339 timestamp with a real date and time (leap seconds refused: JS cannot hold them). */
export function isRfc3339Timestamp(time: string): boolean {
  const match = RFC3339.exec(time);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const offsetMinutes = match[10] === undefined ? 0 : Number(match[10]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59 &&
    !Number.isNaN(Date.parse(time))
  );
}

/** Whether `value` is a W3C trace context `traceparent` this platform can continue (version 00, or a later one). */
export function isValidTraceparent(value: string): boolean {
  const v00 = TRACEPARENT_V00.exec(value);
  const match = v00 ?? (value.startsWith('00-') ? null : TRACEPARENT_FUTURE.exec(value));
  if (match === null) return false;
  const [traceId, parentId] = v00 === null ? [match[2], match[3]] : [match[1], match[2]];
  return !value.startsWith('ff-') && !/^0+$/.test(traceId ?? '') && !/^0+$/.test(parentId ?? '');
}

/** Whether `value` is a positive integer as a decimal string (no sign, no leading zero), at most 2^63 - 1. */
export function isValidSequence(value: string): boolean {
  return POSITIVE_INTEGER.test(value) && value.length <= 19 && BigInt(value) <= MAX_SEQUENCE;
}

/** How an attribute is named in errors: by itself, or also by the Kafka header it came from. */
export type HeaderNaming = (attribute: string) => string | undefined;

const noHeader: HeaderNaming = () => undefined;

function fail(attribute: string, headerOf: HeaderNaming, problem: string): never {
  const header = headerOf(attribute);
  throw new EnvelopeError(header === undefined ? { attribute, problem } : { attribute, header, problem });
}

function show(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (types.isUint8Array(value)) return `${value.constructor.name}(${value.length} bytes)`;
  return value === null ? 'null' : typeof value;
}

/** Whether `value` holds a control character (C0, DEL, C1) or a lone surrogate, which a CloudEvents String may not. */
function hasForbiddenCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

function requireString(attribute: string, value: unknown, headerOf: HeaderNaming): string {
  if (value === undefined || value === null) fail(attribute, headerOf, 'is missing (required)');
  if (typeof value !== 'string') fail(attribute, headerOf, `got ${show(value)}, must be a string`);
  if (value.length === 0) fail(attribute, headerOf, 'is empty, must be a non-empty string');
  if (hasForbiddenCharacter(value)) {
    fail(attribute, headerOf, `got ${show(value)}, must not contain control characters or lone surrogates`);
  }
  return value;
}

function requireToken(attribute: string, value: unknown, headerOf: HeaderNaming): string {
  const text = requireString(attribute, value, headerOf);
  if (WHITESPACE.test(text)) fail(attribute, headerOf, `got ${show(text)}, must not contain whitespace`);
  return text;
}

function requirePseudonym(attribute: string, value: unknown, headerOf: HeaderNaming): string {
  const text = requireToken(attribute, value, headerOf);
  if (EMAIL_LIKE.test(text)) {
    fail(attribute, headerOf, `got an e-mail address, must be a pseudonymous id (events are kept forever)`);
  }
  return text;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([
  'id',
  'source',
  'type',
  'specversion',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'data',
  ...ENVELOPE_EXTENSION_ATTRIBUTES,
  'traceparent',
  'tracestate',
  'extensions',
]);

/**
 * Checks an envelope against the contract and returns it as a new, plain EventEnvelope (optional
 * attributes that are undefined left out). Throws an EnvelopeError naming the first attribute at fault.
 * Use it before writing an envelope anywhere (outbox row, Kafka) and on anything read back.
 * Checked: every required attribute present and a non-empty string without control characters;
 * id a ULID or UUID; source a URI-reference; specversion 1.0; time RFC 3339; datacontenttype
 * application/protobuf; data a Uint8Array; sequence a positive integer; actorsub and actororg not
 * e-mail addresses; traceparent W3C; tracestate only with a traceparent; extension names lowercase
 * a-z0-9, at most 20 characters, not a name the envelope already uses; no other attribute.
 */
export function validateEnvelope(envelope: unknown): EventEnvelope {
  return checkEnvelope(envelope, noHeader);
}

/** validateEnvelope, naming in errors the Kafka header each attribute came from (for the Kafka binding). */
export function checkEnvelope(envelope: unknown, headerOf: HeaderNaming): EventEnvelope {
  if (typeof envelope !== 'object' || envelope === null) {
    throw new EnvelopeError({ attribute: 'envelope', problem: `got ${show(envelope)}, must be an object` });
  }
  const e = envelope as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!KNOWN_KEYS.has(key)) {
      fail(
        key,
        headerOf,
        'is not an attribute of the envelope (further extension attributes go in `extensions`)',
      );
    }
  }

  const id = requireToken('id', e['id'], headerOf);
  if (!ULID.test(id) && !UUID.test(id)) fail('id', headerOf, `got ${show(id)}, must be a ULID or a UUID`);

  const source = requireString('source', e['source'], headerOf);
  if (!URI_REFERENCE.test(source)) {
    fail('source', headerOf, `got ${show(source)}, must be a URI-reference such as "/rre/intake"`);
  }

  const type = requireToken('type', e['type'], headerOf);

  const specversion = requireString('specversion', e['specversion'], headerOf);
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) {
    fail('specversion', headerOf, `got ${show(specversion)}, must be "${CLOUDEVENTS_SPEC_VERSION}"`);
  }

  const time = requireString('time', e['time'], headerOf);
  if (!isRfc3339Timestamp(time)) {
    fail(
      'time',
      headerOf,
      `got ${show(time)}, must be an RFC 3339 timestamp such as "2026-01-31T09:30:00.000Z"`,
    );
  }

  const subject = requireToken('subject', e['subject'], headerOf);

  const datacontenttype = requireString('datacontenttype', e['datacontenttype'], headerOf);
  if (datacontenttype !== PROTOBUF_CONTENT_TYPE) {
    fail('datacontenttype', headerOf, `got ${show(datacontenttype)}, must be "${PROTOBUF_CONTENT_TYPE}"`);
  }

  let dataschema: string | undefined;
  if (e['dataschema'] !== undefined) {
    dataschema = requireString('dataschema', e['dataschema'], headerOf);
    if (!URI_REFERENCE.test(dataschema) || !URI_SCHEME.test(dataschema)) {
      fail('dataschema', headerOf, `got ${show(dataschema)}, must be an absolute URI`);
    }
  }

  const data = e['data'];
  if (!types.isUint8Array(data)) fail('data', headerOf, `got ${show(data)}, must be a Uint8Array`);

  const sequence = requireString('sequence', e['sequence'], headerOf);
  if (!isValidSequence(sequence)) {
    fail(
      'sequence',
      headerOf,
      `got ${show(sequence)}, must be a positive integer as a decimal string ("1", "2", ...) at most 2^63 - 1`,
    );
  }

  const correlationid = requireToken('correlationid', e['correlationid'], headerOf);
  const causationid = requireToken('causationid', e['causationid'], headerOf);
  const actorsub = requirePseudonym('actorsub', e['actorsub'], headerOf);
  const actororg = requirePseudonym('actororg', e['actororg'], headerOf);

  let traceparent: string | undefined;
  let tracestate: string | undefined;
  if (e['traceparent'] !== undefined) {
    traceparent = requireString('traceparent', e['traceparent'], headerOf);
    if (!isValidTraceparent(traceparent)) {
      fail(
        'traceparent',
        headerOf,
        `got ${show(traceparent)}, must be a W3C traceparent such as "00-<32 hex trace id>-<16 hex parent id>-01"`,
      );
    }
  }
  if (e['tracestate'] !== undefined) {
    if (traceparent === undefined) fail('tracestate', headerOf, 'is given without a traceparent');
    tracestate = requireString('tracestate', e['tracestate'], headerOf);
    if (!TRACESTATE.test(tracestate)) {
      fail(
        'tracestate',
        headerOf,
        `got ${show(tracestate)}, must be printable ASCII, at most 512 characters`,
      );
    }
  }

  let extensions: Record<string, string> | undefined;
  if (e['extensions'] !== undefined) {
    const given = e['extensions'];
    if (typeof given !== 'object' || given === null || Array.isArray(given)) {
      fail('extensions', headerOf, `got ${show(given)}, must be an object of extension name -> string value`);
    }
    extensions = {};
    for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
      if (!isValidExtensionName(name)) {
        fail(
          name,
          headerOf,
          'is not a valid extension attribute name: lowercase a-z and 0-9 only, 1 to 20 characters',
        );
      }
      if (RESERVED_NAMES.has(name)) {
        fail(name, headerOf, 'is an attribute of the envelope itself, not a further extension');
      }
      extensions[name] = requireString(name, value, headerOf);
    }
  }

  return {
    id,
    source,
    type,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time,
    subject,
    datacontenttype: PROTOBUF_CONTENT_TYPE,
    ...(dataschema === undefined ? {} : { dataschema }),
    data,
    sequence,
    correlationid,
    causationid,
    actorsub,
    actororg,
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(tracestate === undefined ? {} : { tracestate }),
    ...(extensions === undefined || Object.keys(extensions).length === 0 ? {} : { extensions }),
  };
}
