import { logDenied } from '@rre/auth';
import type { Logger } from '@rre/telemetry';
import {
  checkGatewaySignature,
  GATEWAY_SIGNATURE_HEADER,
  GATEWAY_TIMESTAMP_HEADER,
} from './gateway-signature';

interface MiddlewareRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  query?: unknown;
}
interface MiddlewareResponse {
  status(code: number): MiddlewareResponse;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}

function header(request: MiddlewareRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function operationText(request: MiddlewareRequest): string | undefined {
  const source = request.method === 'GET' ? request.query : request.body;
  const query = (source as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
}

/**
 * Express middleware for a subgraph's GraphQL path: refuses (HTTP 401, UNAUTHENTICATED, reason
 * `missing_gateway_signature`, `stale_gateway_signature` or `bad_gateway_signature`) a request that
 * does not carry the gateway's fresh HMAC over its Authorization header and operation text. The
 * user's token is verified afterwards as on any request: the signature says "through the gateway",
 * the token says who.
 */
export function gatewayOnlyMiddleware(options: { secret: string; maxAgeSeconds?: number; logger?: Logger }) {
  return (request: MiddlewareRequest, response: MiddlewareResponse, next: () => void): void => {
    const check = checkGatewaySignature(
      options.secret,
      {
        timestamp: header(request, GATEWAY_TIMESTAMP_HEADER),
        signature: header(request, GATEWAY_SIGNATURE_HEADER),
        authorization: header(request, 'authorization'),
        query: operationText(request),
      },
      { maxAgeSeconds: options.maxAgeSeconds },
    );
    if (check.valid) return next();
    logDenied(
      'UNAUTHENTICATED',
      check.reason,
      undefined,
      { fieldPath: '(subgraph request)' },
      options.logger,
    );
    response.status(401);
    response.json({
      errors: [
        {
          message: 'This subgraph only answers requests that come through the gateway',
          extensions: { code: 'UNAUTHENTICATED', reason: check.reason },
        },
      ],
    });
  };
}
