import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startIntakeService } from './bootstrap';
import { loadIntakeServiceConfig } from './intake-service-config';

runStandaloneServiceProcess({
  name: 'Intake service',
  start: () => startIntakeService(loadIntakeServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
