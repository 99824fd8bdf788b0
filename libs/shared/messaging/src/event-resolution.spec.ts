import { create, toBinary } from '@bufbuild/protobuf';
import { type EventEnvelope, IntakeEventTypes, intakeV1 } from '@rre/contracts';
import { resolveEvent, type ResolutionContext } from './event-resolution';
import { contractsEventTypes, eventTypeRegistry } from './event-type-registry';
import { upcaster, upcasterChain } from './upcaster';

const json = (data: Uint8Array) => JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
const bytes = (value: object) => new Uint8Array(Buffer.from(JSON.stringify(value)));

function envelope(type: string, data: Uint8Array): EventEnvelope {
  return {
    id: '01JD0000000000000000000000',
    source: '/rre/test',
    type,
    specversion: '1.0',
    time: '2026-01-31T09:30:00.000Z',
    subject: 'LOT-1',
    datacontenttype: 'application/protobuf',
    data,
    sequence: '1',
    correlationid: 'c',
    causationid: 'c',
    actorsub: 'service:test',
    actororg: 'rre',
  };
}

const registry = eventTypeRegistry(
  {
    'rre.test.lot.weighed.v1': json,
    'rre.test.lot.weighed.v2': json,
    'rre.test.lot.weighed.v3': json,
    'rre.test.lot.sampled.v1': json,
    'rre.test.lot.broken.v1': () => {
      throw new Error('premature end of input');
    },
  },
  undefined,
);

function context(handledTypes: string[], upcasters = upcasterChain([])): ResolutionContext {
  return { registry, upcasters, handledTypes: new Set(handledTypes) };
}

describe('resolveEvent', () => {
  const v1ToV2 = upcaster<{ kg: string }, { mass: string; unit: string }>(
    'rre.test.lot.weighed.v1',
    'rre.test.lot.weighed.v2',
    (old) => ({ mass: old.kg, unit: 'KGM' }),
  );

  it('decodes a handled type', () => {
    expect(
      resolveEvent(
        envelope('rre.test.lot.weighed.v2', bytes({ mass: '2' })),
        context(['rre.test.lot.weighed.v2']),
      ),
    ).toEqual({
      kind: 'handle',
      type: 'rre.test.lot.weighed.v2',
      message: { mass: '2' },
    });
  });

  it('upcasts an old version to the handled one', () => {
    const resolution = resolveEvent(
      envelope('rre.test.lot.weighed.v1', bytes({ kg: '1.5' })),
      context(['rre.test.lot.weighed.v2'], upcasterChain([v1ToV2])),
    );
    expect(resolution).toEqual({
      kind: 'handle',
      type: 'rre.test.lot.weighed.v2',
      message: { mass: '1.5', unit: 'KGM' },
    });
  });

  it('chains upcasters', () => {
    const v2ToV3 = upcaster<{ mass: string; unit: string }, { quantity: string }>(
      'rre.test.lot.weighed.v2',
      'rre.test.lot.weighed.v3',
      (old) => ({ quantity: `${old.mass} ${old.unit}` }),
    );
    const resolution = resolveEvent(
      envelope('rre.test.lot.weighed.v1', bytes({ kg: '7' })),
      context(['rre.test.lot.weighed.v3'], upcasterChain([v1ToV2, v2ToV3])),
    );
    expect(resolution).toEqual({
      kind: 'handle',
      type: 'rre.test.lot.weighed.v3',
      message: { quantity: '7 KGM' },
    });
  });

  it('parks a major version of a handled event that it cannot upcast', () => {
    const resolution = resolveEvent(
      envelope('rre.test.lot.weighed.v3', bytes({})),
      context(['rre.test.lot.weighed.v2']),
    );
    expect(resolution).toMatchObject({ kind: 'park', reason: 'unknown-major-version' });
  });

  it('parks a type that is not in the registry', () => {
    const resolution = resolveEvent(
      envelope('rre.test.lot.melted.v1', bytes({})),
      context(['rre.test.lot.weighed.v2']),
    );
    expect(resolution).toMatchObject({ kind: 'park', reason: 'unknown-type' });
  });

  it('ignores a known type it has no handler for', () => {
    expect(
      resolveEvent(envelope('rre.test.lot.sampled.v1', bytes({})), context(['rre.test.lot.weighed.v2'])),
    ).toEqual({
      kind: 'ignore',
      type: 'rre.test.lot.sampled.v1',
    });
  });

  it('parks data that does not decode', () => {
    const resolution = resolveEvent(
      envelope('rre.test.lot.broken.v1', bytes({})),
      context(['rre.test.lot.broken.v1']),
    );
    expect(resolution).toEqual({
      kind: 'park',
      reason: 'undecodable',
      detail: 'rre.test.lot.broken.v1: premature end of input',
    });
  });

  it('parks an event whose upcaster throws', () => {
    const throwing = upcaster('rre.test.lot.weighed.v1', 'rre.test.lot.weighed.v2', () => {
      throw new Error('no unit');
    });
    const resolution = resolveEvent(
      envelope('rre.test.lot.weighed.v1', bytes({})),
      context(['rre.test.lot.weighed.v2'], upcasterChain([throwing])),
    );
    expect(resolution).toMatchObject({ kind: 'park', reason: 'upcast-failed' });
  });

  it('decodes contract types with their protobuf schema and skips fields it does not know', () => {
    const known = toBinary(
      intakeV1.LotCorrectedSchema,
      create(intakeV1.LotCorrectedSchema, { lot: { lotId: 'LOT-1' }, field: 'n', newValue: '3' }),
    );
    // Field 99 (a string), as a newer producer might add: tag (99 << 3 | 2) as a varint, length, bytes.
    const newer = new Uint8Array([...known, 0x9a, 0x06, 0x03, 0x61, 0x62, 0x63]);
    const resolution = resolveEvent(envelope(IntakeEventTypes.LotCorrected, newer), {
      registry: contractsEventTypes,
      upcasters: upcasterChain([]),
      handledTypes: new Set([IntakeEventTypes.LotCorrected]),
    });
    expect(resolution.kind).toBe('handle');
    const message = (resolution as { message: intakeV1.LotCorrected }).message;
    expect([message.lot?.lotId, message.field, message.newValue]).toEqual(['LOT-1', 'n', '3']);
  });
});

describe('upcasterChain', () => {
  it('refuses two upcasters from one type, an upcaster to itself, and cycles', () => {
    const a = upcaster('t.v1', 't.v2', (m) => m);
    expect(() => upcasterChain([a, upcaster('t.v1', 't.v3', (m) => m)])).toThrow('two upcasters read t.v1');
    expect(() => upcasterChain([upcaster('t.v1', 't.v1', (m) => m)])).toThrow('to itself');
    expect(() => upcasterChain([a, upcaster('t.v2', 't.v1', (m) => m)])).toThrow('cycle');
  });
});
