import { parseDecimal } from '@rre/quantities';
import { canonicalJson, requestHash } from './request-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes decimals as plain text without trailing zeros, and dates in UTC', () => {
    expect(
      canonicalJson({
        mass: parseDecimal('1250.50'),
        tiny: parseDecimal('0.0000001'),
        at: new Date('2026-03-02T09:30:00+09:00'),
      }),
    ).toBe('{"at":"2026-03-02T00:30:00.000Z","mass":"1250.5","tiny":"0.0000001"}');
  });
});

describe('requestHash', () => {
  const input = { lotId: '01JNLOT0000000000000000001', mass: { value: parseDecimal('1000'), unit: 'KGM' } };

  it('is the SHA-256 of the canonical operation and input: 64 hex digits, the same for the same input in any key order', () => {
    const hash = requestHash('registerLot', input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      requestHash('registerLot', {
        mass: { unit: 'KGM', value: parseDecimal('1000.000') },
        lotId: input.lotId,
      }),
    ).toBe(hash);
  });

  it('differs for a different value, a different operation, or an added member', () => {
    const hash = requestHash('registerLot', input);
    expect(
      requestHash('registerLot', { ...input, mass: { value: parseDecimal('1000.001'), unit: 'KGM' } }),
    ).not.toBe(hash);
    expect(requestHash('correctLot', input)).not.toBe(hash);
    expect(requestHash('registerLot', { ...input, note: 'x' })).not.toBe(hash);
  });

  it('is stable across releases: SHA-256 of {"input":{"lotId":"L1","thoriumPpm":"300"},"operation":"screenLot"}', () => {
    // A stored key must keep matching its request after an upgrade, so the digest is pinned.
    expect(
      canonicalJson({ operation: 'screenLot', input: { thoriumPpm: parseDecimal('300.0'), lotId: 'L1' } }),
    ).toBe('{"input":{"lotId":"L1","thoriumPpm":"300"},"operation":"screenLot"}');
    expect(requestHash('screenLot', { thoriumPpm: parseDecimal('300.0'), lotId: 'L1' })).toBe(
      '2fb750253ded577b2bb54db436849a64b64e6d620368e669fc9bf749b394480c',
    );
  });
});
