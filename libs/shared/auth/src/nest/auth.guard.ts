import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { Logger } from '@rre/telemetry';
import { GraphQLResolveInfo } from 'graphql';
import { Access, decideAccess, describeResolveInfo } from '../access-policy';
import { AuthenticationError, ForbiddenError } from '../auth-errors';
import { AttemptDescription, logDenied } from '../auth-log';
import { Principal, Role } from '../principal';
import { RequestAuthenticator, RequestLike } from '../request-authenticator';
import { PUBLIC_METADATA, ROLES_METADATA } from './auth.decorators';

export const REQUEST_AUTHENTICATOR = Symbol('REQUEST_AUTHENTICATOR');
export const AUTH_LOGGER = Symbol('AUTH_LOGGER');

interface Target {
  kind: 'graphql' | 'http';
  request: (RequestLike & object) | undefined;
  access: Access;
  attempt: AttemptDescription;
}

/**
 * Verifies the caller's token in this service and applies `@Roles` / `@Public` to every GraphQL
 * root field and every HTTP route: deny by default, every denial logged with who and what.
 * GraphQL denials are UNAUTHENTICATED / FORBIDDEN GraphQL errors, HTTP denials 401 / 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(REQUEST_AUTHENTICATOR) private readonly authenticator: RequestAuthenticator,
    @Inject(AUTH_LOGGER) private readonly logger: Logger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_METADATA, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_METADATA, targets);
    const target = this.targetOf(context);
    if (!target) {
      logDenied('FORBIDDEN', `unsupported context ${context.getType()}`, undefined, {}, this.logger);
      throw new ForbiddenError(`unsupported context ${context.getType()}`);
    }

    let principal: Principal | undefined;
    try {
      principal = target.request ? await this.authenticator.authenticate(target.request) : undefined;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logDenied('UNAUTHENTICATED', error.reason, undefined, target.attempt, this.logger);
      throw target.kind === 'http' ? new UnauthorizedException(error.message) : error;
    }

    const decision = decideAccess({ principal, isPublic, roles, access: target.access });
    if (decision.allowed) return true;
    logDenied(decision.code, decision.reason, principal, target.attempt, this.logger);
    if (decision.code === 'UNAUTHENTICATED') {
      throw target.kind === 'http'
        ? new UnauthorizedException('Unauthenticated: a bearer token is required')
        : new AuthenticationError('missing_token');
    }
    throw target.kind === 'http'
      ? new ForbiddenException(`Forbidden: ${decision.reason}`)
      : new ForbiddenError(decision.reason);
  }

  private targetOf(context: ExecutionContext): Target | undefined {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context);
      // A federation reference resolver (`_entities`) is called (reference, context, info), not
      // (parent, args, context, info) as every other resolver.
      const args = context.getArgs();
      const reference = args.length === 3 && isResolveInfo(args[2]);
      const info = reference ? (args[2] as GraphQLResolveInfo) : gql.getInfo<GraphQLResolveInfo>();
      const graphqlContext = reference
        ? (args[1] as { req?: RequestLike } | undefined)
        : gql.getContext<{ req?: RequestLike }>();
      return {
        kind: 'graphql',
        request: graphqlContext?.req,
        access: info.operation.operation === 'mutation' ? 'write' : 'read',
        attempt: describeResolveInfo(info),
      };
    }
    if (context.getType() === 'http') {
      const request = context
        .switchToHttp()
        .getRequest<RequestLike & { method?: string; originalUrl?: string; url?: string }>();
      const method = (request.method ?? 'GET').toUpperCase();
      return {
        kind: 'http',
        request,
        access: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 'read' : 'write',
        attempt: {
          operationType: 'http',
          fieldPath: `${method} ${(request.originalUrl ?? request.url ?? '').split('?')[0]}`,
        },
      };
    }
    return undefined;
  }
}

function isResolveInfo(value: unknown): value is GraphQLResolveInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    'fieldName' in value &&
    'operation' in value &&
    'parentType' in value
  );
}
