import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startConcentrationService } from './bootstrap';
import { loadConcentrationServiceConfig } from './concentration-service-config';

runStandaloneServiceProcess({
  name: 'Concentration service',
  start: () => startConcentrationService(loadConcentrationServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
