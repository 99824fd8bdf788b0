import 'reflect-metadata';
import { runServiceProcess } from '@rre/service-runtime';
import { startGateway } from './bootstrap';
import { loadGatewayConfig } from './gateway-config';

runServiceProcess({
  start: async () => {
    const config = loadGatewayConfig();
    const gateway = await startGateway(config);
    return { config, gateway, stop: () => gateway.stop() };
  },
  banner: ({ config, gateway }) => [
    `GraphQL gateway (${config.GATEWAY_COMPOSITION} supergraph)`,
    ...gateway.subgraphs.map((s) => `  subgraph ${s.name}: ${s.url}`),
    `  GraphQL:   ${gateway.url}/graphql`,
    `  health:    ${gateway.url}/health/live`,
  ],
  stopping: 'the gateway',
  notStopped: 'The gateway did not stop cleanly:',
  notStarted: 'The gateway did not start:',
  startFailureDetail: 'error',
  configErrorExitCode: 2,
});
