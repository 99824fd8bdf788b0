import { ConfigError } from '@rre/config';

export interface StoppableService {
  stop(): Promise<void>;
}

export interface ServiceProcessOptions<S extends StoppableService> {
  /** Reads the configuration and starts the service; a ConfigError exits with `configErrorExitCode`. */
  start(): Promise<S>;
  /** The lines printed once the service answers. */
  banner(service: S): readonly string[];
  /** "SIGTERM received: stopping <stopping>...", e.g. 'the intake service'. */
  stopping: string;
  /** Printed with the error when `stop` (or `afterStop`) fails, e.g. 'Intake service did not stop cleanly:'. */
  notStopped: string;
  /** Printed when the service does not start, e.g. 'Intake service failed to start:'. */
  notStarted: string;
  /** What follows `notStarted`: the error's message (default) or the error itself. */
  startFailureDetail?: 'message' | 'error';
  /** Exit code of a configuration error; default 78 (EX_CONFIG). */
  configErrorExitCode?: number;
  /** Runs after the service stopped, e.g. telemetry.shutdown(). */
  afterStop?(): Promise<void>;
  /** Runs last before a clean exit, e.g. to say where the data is kept. */
  onStopped?(service: S): void;
}

/**
 * Runs a service as this process: starts it, prints its banner, and stops it once on SIGINT or
 * SIGTERM (stop, then afterStop, then exit 0; exit 1 if stopping fails).
 */
export function runServiceProcess<S extends StoppableService>(options: ServiceProcessOptions<S>): void {
  main(options).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(options.configErrorExitCode ?? 78);
    }
    const detail =
      options.startFailureDetail === 'error' ? error : error instanceof Error ? error.message : error;
    console.error(options.notStarted, detail);
    process.exit(1);
  });
}

async function main<S extends StoppableService>(options: ServiceProcessOptions<S>): Promise<void> {
  const service = await options.start();
  console.log(options.banner(service).join('\n'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping ${options.stopping}...`);
    service
      .stop()
      .then(() => options.afterStop?.())
      .then(
        () => {
          options.onStopped?.(service);
          process.exit(0);
        },
        (error: unknown) => {
          console.error(options.notStopped, error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
