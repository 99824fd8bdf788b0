import { type DynamicModule, Module } from '@nestjs/common';
import type { GraphqlHardening, RequestAuthenticator } from '@rre/auth';
import { ConcentrationModule, type ConcentrationSettings } from '@rre/concentration';
import { SubgraphModule } from '@rre/graphql';
import type { Logger } from '@rre/telemetry';
import type { DataSource } from 'typeorm';
import { CONCENTRATION_SERVICE_DATA_SOURCE } from './concentration-service.di-tokens';
import { HealthController } from './health.controller';

export interface ConcentrationServiceModuleOptions {
  dataSource: DataSource;
  settings: ConcentrationSettings;
  introspection: boolean;
  authenticator: RequestAuthenticator;
  authLogger?: Logger;
  /** With concentration's client errors, so that its refusals keep code, field, value, rule. */
  hardening: Pick<GraphqlHardening, 'validationRules' | 'plugins' | 'formatError'>;
  gatewaySecret?: string;
  gatewaySignatureMaxAgeSeconds?: number;
}

/** Concentration's Apollo Federation 2 subgraph, behind the same authentication and limits as the platform. */
@Module({})
export class ConcentrationServiceModule {
  static forRoot(options: ConcentrationServiceModuleOptions): DynamicModule {
    return {
      module: ConcentrationServiceModule,
      imports: [
        SubgraphModule.forRoot({
          serviceModule: ConcentrationModule.forRoot({
            dataSource: options.dataSource,
            settings: options.settings,
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
      providers: [{ provide: CONCENTRATION_SERVICE_DATA_SOURCE, useValue: options.dataSource }],
    };
  }
}
