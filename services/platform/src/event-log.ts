import { startOutboxPublishing, type MessagingLogger, type RunningOutboxPublishing } from '@rre/messaging';
import { DataSource } from 'typeorm';
import { PlatformServiceDefinition } from './platform-services';

/** Relays (Kafka) or sequences (embedded) the outbox of every service that publishes events. */
export function startEventLog(
  services: readonly PlatformServiceDefinition[],
  dataSources: ReadonlyMap<string, DataSource>,
  settings: {
    brokers: readonly string[] | undefined;
    partitions: number;
    replicationFactor: number;
    logger: MessagingLogger;
  },
): Promise<RunningOutboxPublishing> {
  const outboxes = services
    .filter((s) => (s.publishes?.length ?? 0) > 0)
    .map((s) => {
      const dataSource = dataSources.get(s.name);
      if (!dataSource) throw new Error(`event log: service ${s.name} has no data source`);
      return { dataSource, topics: s.publishes ?? [] };
    });
  return startOutboxPublishing(outboxes, { ...settings, clientId: 'rre-platform' });
}
