import { runServiceProcess } from './service-process';
import type { RunningStandaloneService } from './start-standalone-service';

/** What a standalone service prints once it answers: its title, database, event log and URLs. */
export function standaloneServiceBanner(title: string, service: RunningStandaloneService): string[] {
  return [
    title,
    `  database:  ${service.database} (schema ${service.schema})`,
    `  events:    ${service.eventLog}`,
    `  GraphQL:   ${service.url}/graphql`,
    `  health:    ${service.url}/health/live  ${service.url}/health/ready`,
  ];
}

/**
 * `main.ts` of a standalone service: runServiceProcess with its banner and messages named after it
 * (`name` e.g. 'Intake service': "Intake service failed to start:", "stopping the intake service...").
 */
export function runStandaloneServiceProcess(options: {
  name: string;
  start(): Promise<RunningStandaloneService>;
  /** Runs after the service stopped: telemetry.shutdown(). */
  afterStop(): Promise<void>;
}): void {
  const { name } = options;
  runServiceProcess({
    start: options.start,
    banner: (service) => standaloneServiceBanner(`${name} (distributed mode)`, service),
    stopping: `the ${name.toLowerCase()}`,
    notStopped: `${name} did not stop cleanly:`,
    notStarted: `${name} failed to start:`,
    afterStop: options.afterStop,
  });
}
