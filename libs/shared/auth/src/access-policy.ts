import type { Logger } from '@rre/telemetry';
import { GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { AuthenticationError, ForbiddenError } from './auth-errors';
import { AttemptDescription, logDenied } from './auth-log';
import { Principal, Role } from './principal';

/**
 * The plant's own staff (lab, operator, sales, admin) handle every supplier's lots, and auditors
 * read everything; only recyclers are confined to their own organisation's data.
 */
export const CROSS_ORGANISATION_READERS: readonly Role[] = ['auditor', 'admin', 'lab', 'operator', 'sales'];
/** Roles that may change data of any organisation (each mutation's `@Roles` still decides which). */
export const CROSS_ORGANISATION_WRITERS: readonly Role[] = ['admin', 'lab', 'operator', 'sales'];

export type Access = 'read' | 'write';

export type AccessDecision =
  { allowed: true } | { allowed: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; reason: string };

/**
 * The guard's rule for one resolver: public resolvers are open; everything else needs a principal
 * and a `@Roles` decision that names one of its roles (no decision: denied). Auditors never write,
 * even where a write lists them.
 */
export function decideAccess(input: {
  principal: Principal | undefined;
  isPublic: boolean;
  roles: readonly Role[] | undefined;
  access: Access;
}): AccessDecision {
  const { principal, isPublic, roles, access } = input;
  if (isPublic) return { allowed: true };
  if (!principal) return { allowed: false, code: 'UNAUTHENTICATED', reason: 'a bearer token is required' };
  if (!roles || roles.length === 0) {
    return {
      allowed: false,
      code: 'FORBIDDEN',
      reason: 'no access decision (@Roles or @Public) for this operation: denied by default',
    };
  }
  if (access === 'write' && principal.roles.includes('auditor')) {
    return { allowed: false, code: 'FORBIDDEN', reason: 'auditors never write' };
  }
  if (!principal.roles.some((r) => roles.includes(r))) {
    return { allowed: false, code: 'FORBIDDEN', reason: `requires one of the roles ${roles.join(', ')}` };
  }
  return { allowed: true };
}

/** Whether `principal` may read (or write) data of `organisationId`. */
export function canAccessOrganisation(
  principal: Principal,
  organisationId: string,
  access: Access = 'read',
): boolean {
  if (access === 'write' && principal.roles.includes('auditor')) return false;
  if (principal.organisationId === organisationId) return true;
  if (access === 'read') return principal.roles.some((r) => CROSS_ORGANISATION_READERS.includes(r));
  return principal.roles.some((r) => CROSS_ORGANISATION_WRITERS.includes(r));
}

export interface AccessCheckOptions {
  /** `read` (default) or `write`. */
  access?: Access;
  /** The resolver's info: its operation and field path go into the log of a denial. */
  info?: GraphQLResolveInfo;
  /** Extra description of the attempt (e.g. outside GraphQL). */
  attempt?: AttemptDescription;
  logger?: Logger;
}

/**
 * Throws FORBIDDEN (and logs who tried what) unless `principal` may read, or with
 * `{ access: 'write' }` change, data of `organisationId`. Recyclers reach only their own
 * organisation; plant staff (lab, operator, sales, admin) reach every organisation; auditors read
 * every organisation and never write. Call it on every entity a resolver loads by id, and on nested or federated references.
 */
export function assertCanAccessOrganisation(
  principal: Principal | undefined,
  organisationId: string,
  options: AccessCheckOptions = {},
): asserts principal is Principal {
  const access = options.access ?? 'read';
  const attempt = { ...describeAttempt(options), targetOrganisationId: organisationId, access };
  if (!principal) {
    logDenied('UNAUTHENTICATED', 'missing_token', undefined, attempt, options.logger);
    throw new AuthenticationError('missing_token');
  }
  if (!canAccessOrganisation(principal, organisationId, access)) {
    const reason =
      access === 'write' && principal.roles.includes('auditor')
        ? 'auditors never write'
        : `may not ${access} data of another organisation`;
    logDenied('FORBIDDEN', reason, principal, attempt, options.logger);
    throw new ForbiddenError(reason);
  }
}

/** Throws FORBIDDEN (and logs it) if `principal` is an auditor: auditors read everything and change nothing. */
export function assertMayWrite(
  principal: Principal | undefined,
  options: Omit<AccessCheckOptions, 'access'> = {},
): asserts principal is Principal {
  const attempt = { ...describeAttempt(options), access: 'write' as const };
  if (!principal) {
    logDenied('UNAUTHENTICATED', 'missing_token', undefined, attempt, options.logger);
    throw new AuthenticationError('missing_token');
  }
  if (principal.roles.includes('auditor')) {
    logDenied('FORBIDDEN', 'auditors never write', principal, attempt, options.logger);
    throw new ForbiddenError('auditors never write');
  }
}

/**
 * The organisation a list query must be filtered to: the caller's own, or `undefined` (no filter)
 * for the plant's staff and auditors. Apply it in the query itself, so that other organisations' rows are
 * never loaded.
 */
export function organisationScope(principal: Principal): string | undefined {
  return principal.roles.some((r) => CROSS_ORGANISATION_READERS.includes(r))
    ? undefined
    : principal.organisationId;
}

/** Operation type, operation name and field path of a resolver call, for the denial log. */
export function describeResolveInfo(info: GraphQLResolveInfo): AttemptDescription {
  return {
    operationType: info.operation.operation,
    operationName: info.operation.name?.value,
    fieldPath: responsePathAsArray(info.path).join('.'),
  };
}

function describeAttempt(options: AccessCheckOptions): AttemptDescription {
  return { ...(options.info ? describeResolveInfo(options.info) : {}), ...options.attempt };
}
