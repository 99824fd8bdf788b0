import { loadOrCreateSigningKey } from '@rre/auth';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabases, type ScratchDatabases } from './scratch-databases';
import { type ServiceProcess, startServiceProcess, workspaceRoot } from './service-process';

/** The secret the gateway signs its subgraph requests with; every service checks it. */
const GATEWAY_SECRET = 'e2e-distributed-chain-gateway-secret-0123456789';

export interface DistributedPlant {
  /** The gateway process: one GraphQL endpoint over every subgraph. */
  readonly gateway: ServiceProcess;
  /** Each subgraph's service process, by subgraph name (intake, concentration, ...). */
  readonly services: ReadonlyMap<string, ServiceProcess>;
  /** Each service's own database URL (its tables in the schema named after it). */
  readonly databaseUrls: ReadonlyMap<string, string>;
  /** AUTH_KEY_DIR of every process: the local key test tokens are signed with. */
  readonly keyDir: string;
  /** Stops every process (SIGTERM, then SIGKILL), drops the databases, removes the data directory. */
  stop(): Promise<void>;
}

/**
 * The subgraphs of schema/supergraph.graphql that a service of their own serves: all but
 * `platform`, whose one query the gateway answers itself.
 */
export function supergraphServices(): string[] {
  const sdl = readFileSync(path.join(workspaceRoot, 'schema', 'supergraph.graphql'), 'utf8');
  return [...sdl.matchAll(/@join__graph\(name: "([a-z][a-z0-9_-]*)"/g)]
    .map((match) => match[1] as string)
    .filter((name) => name !== 'platform');
}

/**
 * Distributed mode as deployed: each service of the supergraph in its own Node process (its
 * compiled main.js) on its own port (PORT=0) and its own new PostgreSQL database, all on the
 * Kafka brokers given, and the gateway in front of them serving the checked-in supergraph. Resolves
 * once every service answers /health/ready and the gateway /health/live; on failure stops what
 * started.
 */
export async function startDistributedPlant(options: {
  /** A PostgreSQL URL of the server the databases are created on. */
  serverUrl: string;
  /** Prefix of the database names, unique to this run. */
  databasePrefix: string;
  kafkaBrokers: string;
  timeoutMs: number;
  log?: (line: string) => void;
}): Promise<DistributedPlant> {
  const names = supergraphServices();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rre-e2e-'));
  const keyDir = path.join(dataDir, 'keys');
  const started = new Map<string, ServiceProcess>();
  let databases: ScratchDatabases | undefined;
  let gateway: ServiceProcess | undefined;
  const stop = async () => {
    const running = [...started.values(), ...(gateway ? [gateway] : [])];
    await Promise.all(running.map((p) => p.stop()));
    await databases?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The key first: processes starting together would each create a different one.
    await loadOrCreateSigningKey(keyDir);
    databases = await createScratchDatabases(options.serverUrl, options.databasePrefix, names);
    const common = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_KEY_DIR: keyDir,
      GATEWAY_SHARED_SECRET: GATEWAY_SECRET,
    };
    // Started together: on two cores the start-ups overlap their waits (migrations, Kafka joins).
    const starts = await Promise.allSettled(
      names.map(async (name) => {
        const at = Date.now();
        const service = await startServiceProcess({
          name,
          entry: `services/${name}/src/main.js`,
          env: {
            ...common,
            DATABASE_URL: databases?.urls.get(name) ?? '',
            DATABASE_POOL_SIZE: '3',
            DATA_DIR: path.join(dataDir, name),
            KAFKA_BROKERS: options.kafkaBrokers,
          },
          readyPath: '/health/ready',
          timeoutMs: options.timeoutMs,
        });
        started.set(name, service);
        options.log?.(`${name}: ready at ${service.url} after ${((Date.now() - at) / 1000).toFixed(1)} s`);
        return service;
      }),
    );
    const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const services = names.map((name) => started.get(name) as ServiceProcess);
    gateway = await startServiceProcess({
      name: 'gateway',
      entry: 'services/gateway/src/main.js',
      env: {
        ...common,
        DATA_DIR: path.join(dataDir, 'gateway'),
        GATEWAY_SUPERGRAPH_FILE: path.join(workspaceRoot, 'schema', 'supergraph.graphql'),
        GATEWAY_SUBGRAPH_URLS: services.map((s) => `${s.name}=${s.url}/graphql`).join(','),
      },
      readyPath: '/health/live',
      timeoutMs: options.timeoutMs,
    });
    options.log?.(`gateway: ${gateway.url}/graphql`);
    return {
      gateway,
      services: started,
      databaseUrls: databases.urls,
      keyDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
