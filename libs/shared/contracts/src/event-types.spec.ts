import { create, equals, fromBinary, isFieldSet, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  ALL_EVENT_TYPES,
  decodeEventData,
  encodeEventData,
  EVENT_TYPE_PATTERN,
  EventDataError,
  type EventType,
  eventTypeOf,
  eventTypesOfTopic,
  IntakeEventTypes,
  isEventType,
  SalesEventTypes,
  TraceabilityEventTypes,
  UnknownEventTypeError,
} from './event-types';
import { MaterialKind } from './proto/common-v1';
import { LotAssayedSchema, LotRegisteredSchema } from './proto/intake-v1';
import { SAMPLE_EVENT_DATA } from './test-support/sample-events';
import { ALL_TOPICS, Topics } from './topics';

const allTypes = ALL_EVENT_TYPES.map((d) => d.type as EventType);

describe('event type registry', () => {
  it('registers the fifteen intake lot events on the intake lot-events topic', () => {
    const intakeTypes = Object.values(IntakeEventTypes);
    expect(intakeTypes).toHaveLength(15);
    expect(eventTypesOfTopic(Topics.IntakeLotEvents).map((d) => d.type)).toEqual(intakeTypes);
  });

  it("registers sales' shipment and traceability's statement each on its own topic", () => {
    expect(allTypes).toHaveLength(17);
    expect(eventTypesOfTopic(Topics.SalesLotEvents).map((d) => d.type)).toEqual(['rre.sales.lot.shipped.v1']);
    expect(eventTypeOf(SalesEventTypes.LotShipped).source).toBe('/rre/sales');
    expect(eventTypesOfTopic(Topics.TraceabilityStatementEvents).map((d) => d.type)).toEqual([
      'rre.traceability.statement.recycled-content-issued.v1',
    ]);
    expect(eventTypeOf(TraceabilityEventTypes.RecycledContentStatementIssued).source).toBe(
      '/rre/traceability',
    );
  });

  it.each(allTypes)('%s follows the naming rules and matches its schema package version', (type) => {
    const definition = eventTypeOf(type);
    expect(type).toMatch(EVENT_TYPE_PATTERN);
    expect(ALL_TOPICS).toContain(definition.topic);
    expect(definition.source).toMatch(/^\/rre\/[a-z]+$/);
    // rre.<service>.<aggregate>.<event>.v<N>  <->  message in package rre.<service>.v<N>
    const [, service, , , version] = type.split('.');
    expect(definition.schema.typeName).toMatch(
      new RegExp(`^rre\\.${service}\\.${version}\\.[A-Z][A-Za-z0-9]*$`),
    );
  });

  it('maps each type to a different message', () => {
    const typeNames = ALL_EVENT_TYPES.map((d) => d.schema.typeName);
    expect(new Set(typeNames).size).toBe(typeNames.length);
  });

  it('looks types up by their string, and refuses unknown ones', () => {
    expect(eventTypeOf('rre.intake.lot.registered.v1').schema).toBe(LotRegisteredSchema);
    expect(isEventType('rre.intake.lot.registered.v1')).toBe(true);
    expect(isEventType('rre.intake.lot.registered.v2')).toBe(false);
    expect(isEventType('constructor')).toBe(false);
    expect(() => eventTypeOf('rre.intake.lot.teleported.v1')).toThrow(UnknownEventTypeError);
    expect(() => eventTypeOf('rre.intake.lot.teleported.v1')).toThrow(
      'unknown event type "rre.intake.lot.teleported.v1"',
    );
  });
});

describe('event data round trip', () => {
  it('has a sample of every registered type', () => {
    expect(Object.keys(SAMPLE_EVENT_DATA).sort()).toEqual([...allTypes].sort());
  });

  it.each(allTypes)('%s: encode then decode gives the same message, every field set', (type) => {
    const { schema } = eventTypeOf(type);
    const original = create(schema, SAMPLE_EVENT_DATA[type] as never);
    const bytes = encodeEventData(type, SAMPLE_EVENT_DATA[type] as never);
    expect(bytes).toBeInstanceOf(Uint8Array);
    const decoded = decodeEventData(type, bytes);
    expect(decoded.$typeName).toBe(schema.typeName);
    expect(equals(schema, decoded, original)).toBe(true);
    expect(decoded).toEqual(original);
    // Every field of the sample is set, so a field left out of the round trip would show up here.
    const unset = schema.fields.filter((field) => !isFieldSet(decoded, field)).map((field) => field.name);
    expect(unset).toEqual([]);
    // Re-encoding the decoded message gives the same bytes.
    expect(toBinary(schema, decoded)).toEqual(bytes);
  });

  it('keeps decimals exact: they travel as strings', () => {
    const decoded = decodeEventData(
      IntakeEventTypes.LotRegistered,
      encodeEventData(IntakeEventTypes.LotRegistered, {
        weighedNetMass: { value: '1248.317000000000000001', unitCode: 'KGM' },
      }),
    );
    expect(decoded.weighedNetMass?.value).toBe('1248.317000000000000001');
  });

  it('accepts a created message as well as an object literal', () => {
    const message = create(LotRegisteredSchema, SAMPLE_EVENT_DATA[IntakeEventTypes.LotRegistered]);
    expect(encodeEventData(IntakeEventTypes.LotRegistered, message)).toEqual(
      encodeEventData(IntakeEventTypes.LotRegistered, SAMPLE_EVENT_DATA[IntakeEventTypes.LotRegistered]),
    );
  });

  it('refuses a message of another type', () => {
    const assay = create(LotAssayedSchema, { assayId: 'A-1' });
    expect(() => encodeEventData(IntakeEventTypes.LotRegistered, assay as never)).toThrow(EventDataError);
    expect(() => encodeEventData(IntakeEventTypes.LotRegistered, assay as never)).toThrow(
      'event data of type "rre.intake.lot.registered.v1": got a rre.intake.v1.LotAssayed message, must be rre.intake.v1.LotRegistered',
    );
  });

  it('refuses bytes that are not the message, naming the type', () => {
    const garbage = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => decodeEventData(IntakeEventTypes.LotRegistered, garbage)).toThrow(EventDataError);
    expect(() => decodeEventData(IntakeEventTypes.LotRegistered, garbage)).toThrow(
      /^event data of type "rre.intake.lot.registered.v1": cannot decode as rre.intake.v1.LotRegistered: /,
    );
    expect(() => decodeEventData('rre.intake.lot.unknown.v1', new Uint8Array())).toThrow(
      UnknownEventTypeError,
    );
  });

  it('decodes empty bytes as a message with every field at its default', () => {
    const decoded = decodeEventData(IntakeEventTypes.LotReleased, new Uint8Array());
    expect(decoded.reason).toBe('');
    expect(decoded.lot).toBeUndefined();
  });
});

describe('forward compatibility: data from a newer producer', () => {
  const type = IntakeEventTypes.LotRegistered;
  const known = SAMPLE_EVENT_DATA[type];

  it('decodes bytes with an extra field this version does not know, and keeps it for re-encoding', () => {
    const current = encodeEventData(type, known);
    // What a later version with a new field `string supplier_reference = 14;` would add.
    const extra = new BinaryWriter().tag(14, WireType.LengthDelimited).string('PO-77812').finish();
    const newer = new Uint8Array([...current, ...extra]);

    const decoded = decodeEventData(type, newer);

    expect(equals(LotRegisteredSchema, decoded, create(LotRegisteredSchema, known))).toBe(true);
    expect(decoded.weighedNetMass?.value).toBe('1248.317');
    expect(decoded.$unknown).toEqual([
      { no: 14, wireType: WireType.LengthDelimited, data: expect.any(Uint8Array) },
    ]);
    expect(toBinary(LotRegisteredSchema, decoded)).toEqual(newer);
  });

  it('decodes an extra field inside a nested message', () => {
    // LotRef with a new field 3 (say, `string parent_lot_id = 3;`), inside LotRegistered field 1.
    const lotRef = new BinaryWriter()
      .tag(1, WireType.LengthDelimited)
      .string('01JQ8X3V5T6N7P8R9S0A1B2C3D')
      .tag(3, WireType.LengthDelimited)
      .string('01JQ8X00000000000000000000')
      .finish();
    const bytes = new BinaryWriter()
      .tag(1, WireType.LengthDelimited)
      .bytes(lotRef)
      .tag(6, WireType.LengthDelimited)
      .string('JP')
      .finish();

    const decoded = decodeEventData(type, bytes);

    expect(decoded.lot?.lotId).toBe('01JQ8X3V5T6N7P8R9S0A1B2C3D');
    expect(decoded.countryOfOrigin).toBe('JP');
    expect(decoded.lot?.$unknown).toHaveLength(1);
  });

  it('decodes an enum value this version does not know as its number', () => {
    const bytes = new BinaryWriter().tag(4, WireType.Varint).int32(42).finish();
    expect(decodeEventData(type, bytes).materialKind).toBe(42);
    expect(MaterialKind[42]).toBeUndefined();
  });

  it('ignores unknown fields when asked to drop them (plain fromBinary option)', () => {
    const extra = new BinaryWriter().tag(99, WireType.Varint).uint64(7n).finish();
    const decoded = fromBinary(LotRegisteredSchema, extra, { readUnknownFields: false });
    expect(decoded.$unknown).toBeUndefined();
  });
});
