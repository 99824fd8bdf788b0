import { waitFor } from '@rre/testing';
import { GENEALOGY_TOPICS, LOT_AND_RUN_EVENTS_CONSUMER } from '@rre/traceability';
import { Kafka, logLevel } from 'kafkajs';
import type { GatewayClient } from './gateway-client';
import { onServer } from './scratch-databases';

export const WATERMARK = `{ traceabilityWatermark { heldEvents topics { topic partition position events } } }`;

/**
 * Waits until traceability has caught up with everything the chain did:
 * 1. every service's outbox is published to Kafka (no row of <service>.outbox without published_at);
 * 2. traceability's consumer group has committed, on every partition of every genealogy topic, the
 *    topic's end offset (it commits only after the transaction that applied the events);
 * 3. its watermark holds no event of the chain back for a missing predecessor. On a broker other
 *    tests share (npm test's Kafka lane) its group may also read their events, some of which (made
 *    up to test the gate) wait forever: only the chain's lots and runs must have none held.
 */
export async function waitForTraceabilityToCatchUp(options: {
  client: GatewayClient;
  kafkaBrokers: string[];
  /** Each service's database; the outbox is in the schema named after the service. */
  databaseUrls: ReadonlyMap<string, string>;
  /** The lots and runs of the chain: none of their events may be held. */
  chainIds: readonly string[];
  timeoutMs: number;
}): Promise<void> {
  const { client, timeoutMs } = options;
  const wait = { timeoutMs, intervalMs: 500 };
  const unpublished = async (): Promise<string[]> => {
    const behind: string[] = [];
    for (const [service, url] of options.databaseUrls) {
      const [row] = await onServer<{ outbox: string | null }>(url, `SELECT to_regclass($1)::text AS outbox`, [
        `"${service}".outbox`,
      ]);
      if (!row?.outbox) continue;
      const [count] = await onServer<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM "${service}".outbox WHERE published_at IS NULL`,
      );
      if ((count?.n ?? 0) > 0) behind.push(`${service}: ${count?.n}`);
    }
    return behind;
  };
  await waitFor(async () => (await unpublished()).length === 0, 'every outbox published to Kafka', wait);

  const kafka = new Kafka({
    clientId: 'rre-e2e-watermark',
    brokers: options.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag = async (): Promise<string[]> => {
      const committed = await admin.fetchOffsets({
        groupId: LOT_AND_RUN_EVENTS_CONSUMER,
        topics: [...GENEALOGY_TOPICS],
      });
      const behind: string[] = [];
      for (const topic of GENEALOGY_TOPICS) {
        const ends = await admin.fetchTopicOffsets(topic);
        const read = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const end of ends) {
          const at = Number(read.find((p) => p.partition === end.partition)?.offset ?? '-1');
          if (Number(end.high) > Number(end.low) && at < Number(end.high))
            behind.push(`${topic}[${end.partition}] ${at} of ${end.high}`);
        }
      }
      return behind;
    };
    let last: string[] = [];
    await waitFor(
      async () => (last = await lag()).length === 0,
      "traceability's consumer group reaches the end of every genealogy topic",
      wait,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; still behind: ${last.join(', ')}`);
    });
  } finally {
    await admin.disconnect();
  }
  const traceability = options.databaseUrls.get('traceability');
  if (!traceability) throw new Error('no traceability database');
  const heldOfChain = async () => {
    const { heldEvents } = (await client.ok(client.tokens.auditor, WATERMARK)).traceabilityWatermark;
    if (heldEvents === 0) return [];
    const held = await onServer<{ subject: string }>(
      traceability,
      `SELECT subject FROM traceability.gate_held WHERE gate = $1`,
      [LOT_AND_RUN_EVENTS_CONSUMER],
    );
    return held.filter((event) => options.chainIds.includes(event.subject));
  };
  await waitFor(
    async () => (await heldOfChain()).length === 0,
    'traceability holds no event of the chain back',
    wait,
  );
}
