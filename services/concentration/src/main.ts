import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { startConcentrationService } from './bootstrap';
import { loadConcentrationServiceConfig } from './concentration-service-config';

async function main(): Promise<void> {
  const config = loadConcentrationServiceConfig();
  const service = await startConcentrationService(config);
  console.log(
    [
      'Concentration service (distributed mode)',
      `  database:  ${service.database} (schema ${config.DATABASE_SCHEMA})`,
      `  events:    ${service.eventLog}`,
      `  GraphQL:   ${service.url}/graphql`,
      `  health:    ${service.url}/health/live  ${service.url}/health/ready`,
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping the concentration service...`);
    service
      .stop()
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Concentration service did not stop cleanly:', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  console.error('Concentration service failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
