import { type DynamicModule, Module } from '@nestjs/common';
import type { GraphqlHardening, RequestAuthenticator } from '@rre/auth';
import { SubgraphModule } from '@rre/graphql';
import { IntakeModule, type IntakeSettings } from '@rre/intake';
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
  /** With intake's client errors (INTAKE_CLIENT_ERRORS), so that its refusals keep code, field, value, rule. */
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
  /** Set: only requests the gateway signed are answered (GATEWAY_SHARED_SECRET). */
  gatewaySecret?: string;
  gatewaySignatureMaxAgeSeconds?: number;
}

/** Intake's Apollo Federation 2 subgraph, behind the same authentication and GraphQL limits as the platform. */
@Module({})
export class IntakeServiceModule {
  static forRoot(options: IntakeServiceModuleOptions): DynamicModule {
    return {
      module: IntakeServiceModule,
      imports: [
        SubgraphModule.forRoot({
          serviceModule: IntakeModule.forRoot({
            dataSource: options.dataSource,
            policy: options.settings.policy,
            idempotencyTtlMs: options.settings.idempotencyTtlMs,
            documents: options.settings.documents,
          }),
          authenticator: options.authenticator,
          authLogger: options.authLogger,
          hardening: options.hardening,
          introspection: options.introspection,
          gatewaySecret: options.gatewaySecret,
          gatewaySignatureMaxAgeSeconds: options.gatewaySignatureMaxAgeSeconds,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: INTAKE_SERVICE_DATA_SOURCE, useValue: options.dataSource }],
    };
  }
}
