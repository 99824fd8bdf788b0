import { createParamDecorator, CustomDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { isRole, Principal, Role, ROLES } from '../principal';
import { principalOf } from '../request-authenticator';

export const ROLES_METADATA = 'rre:auth:roles';
export const PUBLIC_METADATA = 'rre:auth:public';

/**
 * Allows the resolver (or every resolver of a class) to callers holding one of `roles`. A resolver
 * with neither `@Roles` nor `@Public` is denied to everyone. Auditors never pass on a mutation.
 */
export function Roles(...roles: [Role, ...Role[]]): CustomDecorator<string> {
  for (const role of roles) {
    if (!isRole(role)) throw new Error(`@Roles: unknown role "${String(role)}" (one of ${ROLES.join(', ')})`);
  }
  return SetMetadata(ROLES_METADATA, roles);
}

/** Open to anyone, with or without a token (a token that is presented must still be valid). */
export function Public(): CustomDecorator<string> {
  return SetMetadata(PUBLIC_METADATA, true);
}

/** The HTTP request behind a GraphQL resolver or a controller. */
export function requestOf(context: ExecutionContext): object | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: object }>().req;
  }
  if (context.getType() === 'http') return context.switchToHttp().getRequest<object>();
  return undefined;
}

/**
 * The verified caller (a parameter decorator for resolvers and controllers). Always set behind
 * `@Roles`; `undefined` on a `@Public` resolver called without a token.
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => principalOf(requestOf(context)),
);
