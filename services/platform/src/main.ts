import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { startPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';

async function main(): Promise<void> {
  const config = loadPlatformConfig();
  const platform = await startPlatform(config);
  const { info, url } = platform;
  console.log(
    [
      `Rare-earth recycling platform ${info.version} (${info.mode} mode)`,
      `  data:    ${info.dataLocation}`,
      `  GraphQL: ${url}/graphql`,
      `  health:  ${url}/health/live  ${url}/health/ready`,
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping the platform...`);
    platform
      .stop()
      .then(() => telemetry.shutdown())
      .then(
        () => {
          console.log('Platform stopped; data is kept in', info.dataLocation);
          process.exit(0);
        },
        (error: unknown) => {
          console.error('Platform did not stop cleanly:', error);
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
  console.error('Platform failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
