import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startReductionService } from './bootstrap';
import { loadReductionServiceConfig } from './reduction-service-config';

runStandaloneServiceProcess({
  name: 'Reduction service',
  start: () => startReductionService(loadReductionServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
