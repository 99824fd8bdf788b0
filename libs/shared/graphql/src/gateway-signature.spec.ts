import {
  checkGatewaySignature,
  GATEWAY_SIGNATURE_HEADER,
  GATEWAY_TIMESTAMP_HEADER,
  signGatewayRequest,
} from './gateway-signature';

const secret = 'a-gateway-secret-of-at-least-32-characters';
const now = new Date('2026-03-02T12:00:00.000Z');
const request = { authorization: 'Bearer eyJ.a.b', query: '{ lot(id: "1") { id } }' };

function presented(headers: Record<string, string>, overrides: Partial<typeof request> = {}) {
  return {
    timestamp: headers[GATEWAY_TIMESTAMP_HEADER],
    signature: headers[GATEWAY_SIGNATURE_HEADER],
    ...request,
    ...overrides,
  };
}

describe('the gateway signature', () => {
  const headers = signGatewayRequest(secret, request, now);

  it('stamps the time in seconds and a v1 HMAC', () => {
    expect(headers[GATEWAY_TIMESTAMP_HEADER]).toBe('1772452800');
    expect(headers[GATEWAY_SIGNATURE_HEADER]).toMatch(/^v1=[A-Za-z0-9_-]{43}$/);
  });

  it('is valid for the same token and operation within 60 seconds', () => {
    expect(checkGatewaySignature(secret, presented(headers), { now })).toEqual({ valid: true });
    const later = new Date(now.getTime() + 60_000);
    expect(checkGatewaySignature(secret, presented(headers), { now: later })).toEqual({ valid: true });
  });

  it('is stale after 61 seconds, or from 61 seconds in the future', () => {
    const stale = { valid: false, reason: 'stale_gateway_signature' };
    expect(
      checkGatewaySignature(secret, presented(headers), { now: new Date(now.getTime() + 61_000) }),
    ).toEqual(stale);
    expect(
      checkGatewaySignature(secret, presented(headers), { now: new Date(now.getTime() - 61_000) }),
    ).toEqual(stale);
  });

  it('is bad for another token, another operation or another secret', () => {
    const bad = { valid: false, reason: 'bad_gateway_signature' };
    expect(
      checkGatewaySignature(secret, presented(headers, { authorization: 'Bearer other' }), { now }),
    ).toEqual(bad);
    expect(
      checkGatewaySignature(secret, presented(headers, { query: '{ lots { edges { cursor } } }' }), { now }),
    ).toEqual(bad);
    expect(checkGatewaySignature(`${secret}!`, presented(headers), { now })).toEqual(bad);
    expect(checkGatewaySignature(secret, { ...presented(headers), timestamp: '17e8' }, { now })).toEqual(bad);
  });

  it('is missing without both headers', () => {
    const missing = { valid: false, reason: 'missing_gateway_signature' };
    expect(checkGatewaySignature(secret, { ...presented(headers), signature: undefined }, { now })).toEqual(
      missing,
    );
    expect(checkGatewaySignature(secret, { ...presented(headers), timestamp: undefined }, { now })).toEqual(
      missing,
    );
  });
});
