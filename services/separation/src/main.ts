import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startSeparationService } from './bootstrap';
import { loadSeparationServiceConfig } from './separation-service-config';

runStandaloneServiceProcess({
  name: 'Separation service',
  start: () => startSeparationService(loadSeparationServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
