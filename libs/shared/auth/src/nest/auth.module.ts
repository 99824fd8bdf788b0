import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from '@rre/telemetry';
import { authLogger, setAuthLogger } from '../auth-log';
import { RequestAuthenticator } from '../request-authenticator';
import { AUTH_LOGGER, AuthGuard, REQUEST_AUTHENTICATOR } from './auth.guard';

export interface AuthModuleOptions {
  /** From `createAuth(...)`: the service's own token verification. */
  authenticator: RequestAuthenticator;
  /** Where denials are logged; default `createLogger('auth')`. Also used by `assertCanAccessOrganisation`. */
  logger?: Logger;
  /** Apply AuthGuard to every resolver and controller of the application (default true). */
  globalGuard?: boolean;
}

/** Registers the AuthGuard globally (deny by default) and provides the authenticator. */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    if (options.logger) setAuthLogger(options.logger);
    const providers: Provider[] = [
      { provide: REQUEST_AUTHENTICATOR, useValue: options.authenticator },
      { provide: AUTH_LOGGER, useValue: options.logger ?? authLogger() },
      AuthGuard,
    ];
    if (options.globalGuard !== false) providers.push({ provide: APP_GUARD, useExisting: AuthGuard });
    return {
      module: AuthModule,
      global: true,
      providers,
      exports: [REQUEST_AUTHENTICATOR, AUTH_LOGGER, AuthGuard],
    };
  }
}
