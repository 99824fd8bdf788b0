import { AuthenticationError } from './auth-errors';
import { Principal } from './principal';
import { TokenVerifier } from './token-verifier';

/** What the authenticator reads from an HTTP request (Express's, Node's or a test double). */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

const PRINCIPAL = Symbol.for('@rre/auth.principal');

/** The Principal the authenticator established for a request, if any. */
export function principalOf(request: object | undefined): Principal | undefined {
  return request ? (request as { [PRINCIPAL]?: Principal })[PRINCIPAL] : undefined;
}

/** The bearer token of an Authorization header; undefined if there is no header; throws if it is not `Bearer <token>`. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^Bearer[ ]+([^\s,]+)\s*$/i.exec(value);
  if (!match) throw new AuthenticationError('malformed_authorization_header');
  return match[1];
}

/**
 * Verifies a request's bearer token once per request (the guard of each root field and the
 * request-level plugins share the answer) and remembers the Principal on the request.
 * No Authorization header: undefined (anonymous). A header with a bad token: AuthenticationError.
 */
export class RequestAuthenticator {
  private readonly results = new WeakMap<object, Promise<Principal | undefined>>();

  constructor(readonly verifier: TokenVerifier) {}

  authenticate(request: RequestLike): Promise<Principal | undefined> {
    let result = this.results.get(request);
    if (!result) {
      result = this.establish(request);
      this.results.set(request, result);
    }
    return result;
  }

  private async establish(request: RequestLike): Promise<Principal | undefined> {
    const token = bearerToken(request.headers['authorization']);
    if (token === undefined) return undefined;
    const principal = await this.verifier.verify(token);
    Object.defineProperty(request, PRINCIPAL, { value: principal, enumerable: false, configurable: true });
    return principal;
  }
}

/** Where an anonymous request comes from, for rate limiting. */
export function clientAddress(request: RequestLike): string {
  return request.ip ?? request.socket?.remoteAddress ?? 'unknown';
}
