import { telemetry } from './telemetry'; // first: before @nestjs/*, graphql and pg are loaded
import 'reflect-metadata';
import { runStandaloneServiceProcess } from '@rre/service-runtime';
import { startPeopleService } from './bootstrap';
import { loadPeopleServiceConfig } from './people-service-config';

runStandaloneServiceProcess({
  name: 'People directory',
  start: () => startPeopleService(loadPeopleServiceConfig()),
  afterStop: () => telemetry.shutdown(),
});
