import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { startIntakeService } from './bootstrap';
import { loadIntakeServiceConfig } from './intake-service-config';

async function main(): Promise<void> {
  const config = loadIntakeServiceConfig();
  const service = await startIntakeService(config);
  console.log(
    [
      'Intake service (distributed mode)',
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
    console.log(`${signal} received: stopping the intake service...`);
    service
      .stop()
      .then(() => telemetry.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Intake service did not stop cleanly:', error);
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
  console.error('Intake service failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
