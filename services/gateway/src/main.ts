import 'reflect-metadata';
import { ConfigError } from '@rre/config';
import { startGateway } from './bootstrap';
import { loadGatewayConfig } from './gateway-config';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const gateway = await startGateway(config);
  console.log(
    [
      `GraphQL gateway (${config.GATEWAY_COMPOSITION} supergraph)`,
      ...gateway.subgraphs.map((s) => `  subgraph ${s.name}: ${s.url}`),
      `  GraphQL:   ${gateway.url}/graphql`,
      `  health:    ${gateway.url}/health/live`,
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping the gateway...`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('The gateway did not stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error('The gateway did not start:', error);
  process.exit(1);
});
