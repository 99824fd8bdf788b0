import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startTraceabilityService } from './bootstrap';
import { loadTraceabilityServiceConfig } from './traceability-service-config';

runStandaloneServiceProcess({
  name: 'Traceability service',
  start: () => startTraceabilityService(loadTraceabilityServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
