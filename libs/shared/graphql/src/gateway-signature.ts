import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Headers with which the gateway vouches for a subgraph request. */
export const GATEWAY_TIMESTAMP_HEADER = 'x-rre-gateway-timestamp';
export const GATEWAY_SIGNATURE_HEADER = 'x-rre-gateway-signature';

/** How old a gateway signature may be, in seconds (clock skew between gateway and subgraph included). */
export const DEFAULT_GATEWAY_SIGNATURE_MAX_AGE_SECONDS = 60;

/** What a signature covers: when, for whose token, and which operation text. */
export interface SignedRequestParts {
  /** Unix time in seconds. */
  timestamp: number;
  /** The Authorization header forwarded to the subgraph ('' without one). */
  authorization: string;
  /** The operation text the gateway sends (a query plan fetch). */
  query: string;
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** `v1=<base64url HMAC-SHA256 over version, timestamp, digest of the token, digest of the operation>`. */
export function gatewaySignature(secret: string, parts: SignedRequestParts): string {
  const payload = `v1\n${parts.timestamp}\n${digest(parts.authorization)}\n${digest(parts.query)}`;
  return `v1=${createHmac('sha256', secret).update(payload, 'utf8').digest('base64url')}`;
}

/** The two headers for a request the gateway sends now. */
export function signGatewayRequest(
  secret: string,
  request: { authorization?: string; query: string },
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [GATEWAY_TIMESTAMP_HEADER]: String(timestamp),
    [GATEWAY_SIGNATURE_HEADER]: gatewaySignature(secret, {
      timestamp,
      authorization: request.authorization ?? '',
      query: request.query,
    }),
  };
}

export type GatewaySignatureCheck =
  | { valid: true }
  | {
      valid: false;
      reason: 'missing_gateway_signature' | 'stale_gateway_signature' | 'bad_gateway_signature';
    };

/** Whether a request carries a fresh signature of the gateway over its token and operation. */
export function checkGatewaySignature(
  secret: string,
  request: {
    timestamp: string | undefined;
    signature: string | undefined;
    authorization: string | undefined;
    query: string | undefined;
  },
  options: { now?: Date; maxAgeSeconds?: number } = {},
): GatewaySignatureCheck {
  if (!request.timestamp || !request.signature) return { valid: false, reason: 'missing_gateway_signature' };
  if (!/^\d{1,12}$/.test(request.timestamp)) return { valid: false, reason: 'bad_gateway_signature' };
  const timestamp = Number(request.timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const maxAge = options.maxAgeSeconds ?? DEFAULT_GATEWAY_SIGNATURE_MAX_AGE_SECONDS;
  if (Math.abs(now - timestamp) > maxAge) return { valid: false, reason: 'stale_gateway_signature' };
  const expected = Buffer.from(
    gatewaySignature(secret, {
      timestamp,
      authorization: request.authorization ?? '',
      query: request.query ?? '',
    }),
  );
  const presented = Buffer.from(request.signature);
  return presented.length === expected.length && timingSafeEqual(presented, expected)
    ? { valid: true }
    : { valid: false, reason: 'bad_gateway_signature' };
}
