import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startSalesService } from './bootstrap';
import { loadSalesServiceConfig } from './sales-service-config';

runStandaloneServiceProcess({
  name: 'Sales service',
  start: () => startSalesService(loadSalesServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
