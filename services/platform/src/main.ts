import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runServiceProcess } from '@rre/service-runtime';
import { startPlatform } from './bootstrap';
import { loadPlatformConfig } from './platform-config';

runServiceProcess({
  start: () => startPlatform(loadPlatformConfig()),
  banner: ({ info, url }) => [
    `Rare-earth recycling platform ${info.version} (${info.mode} mode)`,
    `  data:    ${info.dataLocation}`,
    `  GraphQL: ${url}/graphql`,
    `  health:  ${url}/health/live  ${url}/health/ready`,
    'Press Ctrl-C to stop.',
  ],
  stopping: 'the platform',
  notStopped: 'Platform did not stop cleanly:',
  notStarted: 'Platform failed to start:',
  afterStop: () => telemetry.shutdown(),
  onStopped: ({ info }) => console.log('Platform stopped; data is kept in', info.dataLocation),
});
