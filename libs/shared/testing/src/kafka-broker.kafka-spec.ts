// Smoke tests of the local broker (infra/kafka) with the client the services use (kafkajs 2.2.4):
// topics, keys and headers, committed offsets surviving a consumer restart, and a rebalance.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Admin, Consumer, ConsumerConfig, IHeaders, Kafka, Partitioners, Producer } from 'kafkajs';
import { testKafka, uniqueGroupId, uniqueTopicName } from './kafka';
import { waitFor } from './wait-for';

interface Received {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

let kafka: Kafka;
let admin: Admin;
const producers: Producer[] = [];
const consumers: Consumer[] = [];
const topics: string[] = [];

// Short timings so that joins, rebalances and restarts take about a second, not the defaults' 5-30 s.
// (The broker's group.min.session.timeout.ms is 6 s.)
const fastConsumer: Omit<ConsumerConfig, 'groupId'> = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 10_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 250,
};

async function newProducer(): Promise<Producer> {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  producers.push(producer);
  await producer.connect();
  return producer;
}

function newConsumer(groupId: string): Consumer {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...fastConsumer });
  consumers.push(consumer);
  return consumer;
}

async function createTopic(prefix: string, numPartitions: number): Promise<string> {
  const topic = uniqueTopicName(prefix);
  topics.push(topic);
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions, replicationFactor: 1 }],
    waitForLeaders: true,
    timeout: 10_000,
  });
  expect(created).toBe(true);
  return topic;
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    out[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** Starts `consumer` on `topic` and hands every message it receives to `record`. */
async function consumeInto(
  consumer: Consumer,
  topic: string,
  record: (message: Received) => void,
  options: { autoCommit?: boolean } = {},
): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: options.autoCommit ?? true,
    eachMessage: async ({ topic: t, partition, message }) => {
      record({
        topic: t,
        partition,
        offset: message.offset,
        key: message.key ? message.key.toString() : null,
        value: message.value ? message.value.toString() : '',
        headers: decodeHeaders(message.headers),
      });
      if (options.autoCommit === false) {
        // Commit exactly this message: the next offset to read is the one after it.
        await consumer.commitOffsets([
          { topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      }
    },
  });
}

/** Sum over partitions of the group's committed offsets on `topic` (-1, i.e. none, counts as 0). */
async function committedTotal(groupId: string, topic: string): Promise<number> {
  const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (result?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  kafka = testKafka();
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.disconnect()));
  await Promise.allSettled(producers.map((p) => p.disconnect()));
  if (admin) {
    // Test topics are throwaway; the broker keeps everything else forever.
    await admin.deleteTopics({ topics, timeout: 10_000 }).catch(() => undefined);
    await admin.disconnect();
  }
});

describe('local Kafka broker with kafkajs', () => {
  it('creates a topic with 3 partitions and round-trips keys, values and headers', async () => {
    const topic = await createTopic('smoke.keys-headers', 3);

    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(3);

    const producer = await newProducer();
    const sent = Array.from({ length: 12 }, (_, i) => ({
      key: `magnet-${i % 4}`,
      value: JSON.stringify({ seq: i, lot: `LOT-${i}` }),
      headers: {
        'event-type': 'LotReceived',
        'correlation-id': `corr-${i}`,
        'schema-version': Buffer.from('1'),
      },
    }));
    const meta = await producer.send({ topic, messages: sent });
    expect(meta.every((m) => m.errorCode === 0)).toBe(true);

    const received: Received[] = [];
    await consumeInto(newConsumer(uniqueGroupId('smoke.keys-headers')), topic, (r) => received.push(r));
    await waitFor(() => received.length >= sent.length, `${sent.length} messages on ${topic}`);

    const bySeq = [...received].sort((a, b) => JSON.parse(a.value).seq - JSON.parse(b.value).seq);
    expect(bySeq.map((r) => ({ key: r.key, value: r.value, headers: r.headers }))).toEqual(
      sent.map((s, i) => ({
        key: s.key,
        value: s.value,
        headers: { 'event-type': 'LotReceived', 'correlation-id': `corr-${i}`, 'schema-version': '1' },
      })),
    );
    // Same key, same partition; and the 4 keys do not all land on one partition of the 3.
    const partitionOfKey = new Map<string, Set<number>>();
    for (const r of received) {
      partitionOfKey.set(r.key ?? '', (partitionOfKey.get(r.key ?? '') ?? new Set()).add(r.partition));
    }
    for (const partitions of partitionOfKey.values()) {
      expect(partitions.size).toBe(1);
    }
    expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);
    // Offsets within each partition arrive in order.
    for (const partition of [0, 1, 2]) {
      const offsets = received.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it('resumes a consumer group after its committed offsets, without redelivering them', async () => {
    const topic = await createTopic('smoke.resume', 3);
    const groupId = uniqueGroupId('smoke.resume');
    const producer = await newProducer();
    const firstBatch = Array.from({ length: 9 }, (_, i) => ({ key: `k${i % 3}`, value: `first-${i}` }));
    await producer.send({ topic, messages: firstBatch });

    const firstRun: Received[] = [];
    const first = newConsumer(groupId);
    await consumeInto(first, topic, (r) => firstRun.push(r), { autoCommit: false });
    await waitFor(() => firstRun.length >= firstBatch.length, 'the first batch');
    await waitFor(
      async () => (await committedTotal(groupId, topic)) === firstBatch.length,
      'commits of batch 1',
    );
    await first.disconnect();
    expect(firstRun.map((r) => r.value).sort()).toEqual(firstBatch.map((m) => m.value).sort());

    const secondBatch = Array.from({ length: 6 }, (_, i) => ({ key: `k${i % 3}`, value: `second-${i}` }));
    await producer.send({ topic, messages: secondBatch });

    // Same group, fromBeginning again: committed offsets win over the reset policy.
    const secondRun: Received[] = [];
    await consumeInto(newConsumer(groupId), topic, (r) => secondRun.push(r), { autoCommit: false });
    await waitFor(() => secondRun.length >= secondBatch.length, 'the second batch');
    await sleep(1_000); // a redelivery of batch 1 would show up here
    expect(secondRun.map((r) => r.value).sort()).toEqual(secondBatch.map((m) => m.value).sort());
    await waitFor(
      async () => (await committedTotal(groupId, topic)) === firstBatch.length + secondBatch.length,
      'commits of both batches',
    );
  });

  it('splits the partitions between two members when a second consumer joins the group', async () => {
    const partitions = 4;
    const topic = await createTopic('smoke.rebalance', partitions);
    const groupId = uniqueGroupId('smoke.rebalance');
    const producer = await newProducer();

    const assignments = new Map<string, number[]>();
    const watchAssignments = (name: string, consumer: Consumer) =>
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assignments.set(name, [...(payload.memberAssignment[topic] ?? [])].sort());
      });

    const received: Array<Received & { by: string }> = [];
    const start = async (name: string) => {
      const consumer = newConsumer(groupId);
      watchAssignments(name, consumer);
      await consumeInto(consumer, topic, (r) => received.push({ ...r, by: name }));
      return consumer;
    };

    const batch = (label: string) =>
      Array.from({ length: 20 }, (_, i) => ({ key: `${label}-key-${i}`, value: `${label}-${i}` }));

    await start('a');
    await waitFor(() => assignments.get('a')?.length === partitions, 'member a to get all 4 partitions');
    const before = batch('before');
    await producer.send({ topic, messages: before });
    await waitFor(() => received.length >= before.length, 'member a to consume the first batch');
    await waitFor(async () => (await committedTotal(groupId, topic)) === before.length, 'commits of batch 1');

    await start('b');
    await waitFor(() => {
      const a = assignments.get('a') ?? [];
      const b = assignments.get('b') ?? [];
      return a.length > 0 && b.length > 0 && a.length + b.length === partitions;
    }, 'the group to rebalance over members a and b');
    const a = assignments.get('a') ?? [];
    const b = assignments.get('b') ?? [];
    expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);
    expect(a.filter((p) => b.includes(p))).toEqual([]);

    const after = batch('after');
    await producer.send({ topic, messages: after });
    await waitFor(() => received.length >= before.length + after.length, 'both members to consume batch 2');
    await sleep(1_000); // a duplicate delivery would show up here

    const values = received.map((r) => r.value);
    expect(values.sort()).toEqual([...before, ...after].map((m) => m.value).sort());
    expect(new Set(values).size).toBe(values.length); // exactly once overall
    // After the rebalance each member got messages only from its own partitions.
    const afterRebalance = received.filter((r) => r.value.startsWith('after-'));
    for (const r of afterRebalance) {
      expect(assignments.get(r.by)).toContain(r.partition);
    }
    expect(new Set(afterRebalance.map((r) => r.by))).toEqual(new Set(['a', 'b']));
  });
});
