import 'reflect-metadata';
import { Topics } from '@rre/contracts';
import {
  INTAKE_CLIENT_ERRORS,
  IntakeModule,
  intakeEntities,
  intakeMigrations,
  intakeSettingsFrom,
} from '@rre/intake';
import { type RunningStandaloneService, startStandaloneService } from '@rre/service-runtime';
import type { IntakeServiceConfig } from './intake-service-config';

export type RunningIntakeService = RunningStandaloneService;

/**
 * Opens intake's schema on DATABASE_URL (migrating it), starts the outbox relay, and serves
 * intake's GraphQL API and the health checks. `stop` undoes all of it in reverse.
 */
export async function startIntakeService(config: IntakeServiceConfig): Promise<RunningIntakeService> {
  const settings = intakeSettingsFrom(config, { dataDir: config.DATA_DIR });
  return startStandaloneService(config, {
    service: 'intake',
    entities: intakeEntities,
    migrations: intakeMigrations,
    topics: [Topics.IntakeLotEvents],
    clientErrors: INTAKE_CLIENT_ERRORS,
    parts: ({ dataSource }) => ({
      serviceModule: IntakeModule.forRoot({
        dataSource,
        policy: settings.policy,
        idempotencyTtlMs: settings.idempotencyTtlMs,
        documents: settings.documents,
      }),
      extras: {},
    }),
  });
}
