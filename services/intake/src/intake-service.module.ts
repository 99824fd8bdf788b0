import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule, type GraphqlHardening, type RequestAuthenticator } from '@rre/auth';
import { formatIntakeError, IntakeModule, type IntakeSettings } from '@rre/intake';
import type { Logger } from '@rre/telemetry';
import type { DataSource } from 'typeorm';
import { HealthController } from './health.controller';
import { INTAKE_SERVICE_DATA_SOURCE } from './intake-service.di-tokens';

export interface IntakeServiceModuleOptions {
  dataSource: DataSource;
  settings: IntakeSettings;
  introspection: boolean;
  authenticator: RequestAuthenticator;
  authLogger?: Logger;
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
}

/** Only the intake module, behind the same authentication and GraphQL limits as the platform. */
@Module({})
export class IntakeServiceModule {
  static forRoot(options: IntakeServiceModuleOptions): DynamicModule {
    return {
      module: IntakeServiceModule,
      imports: [
        AuthModule.forRoot({ authenticator: options.authenticator, logger: options.authLogger }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: options.introspection,
          playground: false,
          includeStacktraceInErrorResponses: false,
          validationRules: options.hardening.validationRules,
          plugins: options.hardening.plugins,
          // Intake's refusals keep their code, field, value, rule and retryable; all else as @rre/auth formats it.
          formatError: (formatted, error) =>
            formatIntakeError(formatted, error) ?? options.hardening.formatError(formatted, error),
          fieldResolverEnhancers: ['guards'],
        }),
        IntakeModule.forRoot({
          dataSource: options.dataSource,
          policy: options.settings.policy,
          idempotencyTtlMs: options.settings.idempotencyTtlMs,
          documents: options.settings.documents,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: INTAKE_SERVICE_DATA_SOURCE, useValue: options.dataSource }],
    };
  }
}
