import { sampleEnvelope } from '../test-support/sample-envelope';
import { EnvelopeError } from './envelope-error';
import {
  isRfc3339Timestamp,
  isValidExtensionName,
  isValidSequence,
  isValidTraceparent,
  validateEnvelope,
} from './event-envelope';

function problemOf(envelope: unknown): EnvelopeError {
  try {
    validateEnvelope(envelope);
  } catch (error: unknown) {
    if (error instanceof EnvelopeError) return error;
    throw error;
  }
  throw new Error('expected an EnvelopeError');
}

describe('validateEnvelope', () => {
  it('accepts a complete envelope and returns a plain copy', () => {
    const envelope = sampleEnvelope();
    const validated = validateEnvelope(envelope);
    expect(validated).toEqual(envelope);
    expect(validated).not.toBe(envelope);
  });

  it('accepts an envelope without the optional attributes, and leaves undefined ones out', () => {
    const validated = validateEnvelope(sampleEnvelope({ traceparent: undefined, tracestate: undefined }));
    expect(Object.keys(validated)).not.toContain('traceparent');
    expect(Object.keys(validated)).not.toContain('tracestate');
  });

  it('accepts UUIDs as ids and empty data (a message with every field at its default)', () => {
    expect(() =>
      validateEnvelope(
        sampleEnvelope({ id: '0b7e4a2c-3a8f-4f5e-9b1d-2f6c8e9a0d13', data: new Uint8Array() }),
      ),
    ).not.toThrow();
  });

  it.each([
    ['id', undefined, 'id: is missing (required)'],
    ['id', '', 'id: is empty, must be a non-empty string'],
    ['id', 'evt-42', 'id: got "evt-42", must be a ULID or a UUID'],
    ['source', 'rre intake', 'source: got "rre intake", must be a URI-reference such as "/rre/intake"'],
    ['type', undefined, 'type: is missing (required)'],
    ['type', 'rre.intake lot', 'type: got "rre.intake lot", must not contain whitespace'],
    ['specversion', '0.3', 'specversion: got "0.3", must be "1.0"'],
    ['time', '31/01/2026', 'time: got "31/01/2026", must be an RFC 3339 timestamp'],
    ['time', '2026-02-30T00:00:00Z', 'time: got "2026-02-30T00:00:00Z", must be an RFC 3339'],
    ['time', '2026-01-31T09:30:00', 'must be an RFC 3339'],
    ['subject', undefined, 'subject: is missing (required)'],
    [
      'datacontenttype',
      'application/json',
      'datacontenttype: got "application/json", must be "application/protobuf"',
    ],
    ['data', 'CgA=', 'data: got "CgA=", must be a Uint8Array'],
    ['data', undefined, 'data: got undefined, must be a Uint8Array'],
    ['sequence', undefined, 'sequence: is missing (required)'],
    ['sequence', '0', 'sequence: got "0", must be a positive integer'],
    ['sequence', '-3', 'sequence: got "-3", must be a positive integer'],
    ['sequence', '07', 'sequence: got "07", must be a positive integer'],
    ['sequence', '1.5', 'sequence: got "1.5", must be a positive integer'],
    ['sequence', 7, 'sequence: got number, must be a string'],
    ['sequence', '9223372036854775808', 'at most 2^63 - 1'],
    ['correlationid', undefined, 'correlationid: is missing (required)'],
    ['causationid', '', 'causationid: is empty'],
    ['actorsub', undefined, 'actorsub: is missing (required)'],
    ['actorsub', 'hanako.yamada@example.jp', 'actorsub: got an e-mail address, must be a pseudonymous id'],
    ['actororg', undefined, 'actororg: is missing (required)'],
    ['traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7', 'traceparent: got'],
    ['traceparent', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', 'must be a W3C traceparent'],
    ['actororg', 'org\u0000x', 'must not contain control characters'],
  ])('refuses %s = %j: "%s"', (attribute, value, message) => {
    const error = problemOf(sampleEnvelope({ [attribute]: value }));
    expect(error.attribute).toBe(attribute);
    expect(error.header).toBeUndefined();
    expect(error.message).toMatch(/^invalid CloudEvents envelope: /);
    expect(error.message).toContain(message);
  });

  it('refuses a tracestate without a traceparent', () => {
    const error = problemOf(sampleEnvelope({ traceparent: undefined }));
    expect(error.message).toBe('invalid CloudEvents envelope: tracestate: is given without a traceparent');
  });

  it('refuses attributes it does not know, pointing at `extensions`', () => {
    const error = problemOf({ ...sampleEnvelope(), correlationId: 'x' });
    expect(error.attribute).toBe('correlationId');
    expect(error.message).toContain('further extension attributes go in `extensions`');
  });

  it('accepts further extensions with valid names and refuses invalid or reserved ones', () => {
    expect(
      validateEnvelope(sampleEnvelope({ extensions: { tenant: 't1', shard7: 'a' } })).extensions,
    ).toEqual({
      tenant: 't1',
      shard7: 'a',
    });
    expect(problemOf(sampleEnvelope({ extensions: { Tenant: 'x' } })).message).toContain(
      'Tenant: is not a valid extension attribute name: lowercase a-z and 0-9 only, 1 to 20 characters',
    );
    expect(problemOf(sampleEnvelope({ extensions: { actor_sub: 'x' } })).attribute).toBe('actor_sub');
    expect(problemOf(sampleEnvelope({ extensions: { abcdefghijklmnopqrstu: 'x' } })).attribute).toBe(
      'abcdefghijklmnopqrstu',
    );
    expect(problemOf(sampleEnvelope({ extensions: { sequence: '8' } })).message).toContain(
      'sequence: is an attribute of the envelope itself',
    );
    expect(problemOf(sampleEnvelope({ extensions: { note: 3 } })).message).toContain('note: got number');
  });

  it('refuses something that is not an object', () => {
    expect(problemOf(null).message).toBe(
      'invalid CloudEvents envelope: envelope: got null, must be an object',
    );
  });
});

describe('attribute rules', () => {
  it('extension names: lowercase a-z and 0-9, 1 to 20 characters', () => {
    for (const ok of [
      'sequence',
      'correlationid',
      'causationid',
      'actorsub',
      'actororg',
      'a',
      'abcdefghij0123456789',
    ]) {
      expect([ok, isValidExtensionName(ok)]).toEqual([ok, true]);
    }
    for (const bad of ['', 'Actor', 'actor_sub', 'actor-sub', 'abcdefghij01234567890', 'ünï']) {
      expect([bad, isValidExtensionName(bad)]).toEqual([bad, false]);
    }
  });

  it('RFC 3339 timestamps', () => {
    for (const ok of [
      '2026-01-31T09:30:00Z',
      '2026-01-31T09:30:00.123Z',
      '2026-01-31T18:30:00.123456789+09:00',
      '2024-02-29T00:00:00-05:30',
      '2026-01-31t09:30:00z',
    ]) {
      expect([ok, isRfc3339Timestamp(ok)]).toEqual([ok, true]);
    }
    for (const bad of [
      '2026-01-31',
      '2026-01-31 09:30:00Z',
      '2026-01-31T09:30:00',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-31T24:00:00Z',
      '2016-12-31T23:59:60Z',
      '2026-01-31T09:30:00+0900',
      '1769851800',
    ]) {
      expect([bad, isRfc3339Timestamp(bad)]).toEqual([bad, false]);
    }
  });

  it('sequence numbers', () => {
    expect(isValidSequence('1')).toBe(true);
    expect(isValidSequence('9223372036854775807')).toBe(true);
    expect(isValidSequence('9223372036854775808')).toBe(false);
    expect(isValidSequence('0')).toBe(false);
    expect(isValidSequence('+1')).toBe(false);
    expect(isValidSequence(' 1')).toBe(false);
  });

  it('W3C traceparent', () => {
    expect(isValidTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(true);
    expect(isValidTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')).toBe(true);
    // A later version may append fields.
    expect(isValidTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc')).toBe(true);
    expect(isValidTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc')).toBe(false);
    expect(isValidTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(false);
    expect(isValidTraceparent('00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01')).toBe(false);
    expect(isValidTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBe(false);
  });
});
