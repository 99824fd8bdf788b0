import { startTelemetry } from '@rre/telemetry';

/** Started before Nest, graphql and pg are loaded, so that their instrumentations can patch them. */
export const telemetry = startTelemetry({ serviceName: 'rre-sales' });
