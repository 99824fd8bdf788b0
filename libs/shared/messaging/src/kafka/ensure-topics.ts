import { type Admin, ConfigResourceTypes } from 'kafkajs';

export interface EnsureTopicsOptions {
  partitions: number;
  replicationFactor: number;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

/** Event topics are the record: kept forever, never compacted. */
export const EVENT_TOPIC_CONFIG: Readonly<Record<string, string>> = {
  'retention.ms': '-1',
  'retention.bytes': '-1',
  'cleanup.policy': 'delete',
};

/**
 * Creates the missing topics with EVENT_TOPIC_CONFIG, and checks that the existing ones keep their
 * events forever; throws, naming the topic and setting, if one does not (it is not silently
 * changed: that is a decision for whoever configured it).
 */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  options: EnsureTopicsOptions,
): Promise<EnsureTopicsResult> {
  const wanted = [...new Set(topics)];
  const present = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !present.has(topic));
  const created: string[] = [];
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        // Waited for below: kafkajs's own wait gives up on a fresh KRaft broker whose metadata has
        // not caught up yet (UNKNOWN_TOPIC_OR_PARTITION, a retriable error).
        waitForLeaders: false,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions,
          replicationFactor: options.replicationFactor,
          configEntries: Object.entries(EVENT_TOPIC_CONFIG).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      // Another service may have created one of them at the same moment; the check below decides.
      if (!isTopicAlreadyExists(error)) throw error;
    }
    created.push(...missing);
    await waitForLeaders(admin, missing);
  }
  const existing = wanted.filter((topic) => present.has(topic));
  await checkTopicConfig(admin, wanted);
  return { created, existing };
}

const LEADER_WAIT_MS = 30_000;

/** Polls the topics' metadata until every partition has a leader; retriable errors are waited out. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      if (
        metadata.length === topics.length &&
        metadata.every((t) => t.partitions.every((p) => p.leader >= 0))
      ) {
        return;
      }
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`topics ${topics.join(', ')} have no partition leaders after ${LEADER_WAIT_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function checkTopicConfig(admin: Admin, topics: readonly string[]): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configNames: Object.keys(EVENT_TOPIC_CONFIG),
    })),
  });
  const problems: string[] = [];
  for (const resource of described.resources) {
    for (const entry of resource.configEntries) {
      const expected = EVENT_TOPIC_CONFIG[entry.configName];
      if (expected !== undefined && entry.configValue !== expected) {
        problems.push(
          `${resource.resourceName}: ${entry.configName}=${entry.configValue} (must be ${expected})`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `event topics must keep their events forever and never be compacted:\n  ${problems.join('\n  ')}`,
    );
  }
}

function isTopicAlreadyExists(error: unknown): boolean {
  const { type, errors } = error as { type?: unknown; errors?: unknown };
  if (type === 'TOPIC_ALREADY_EXISTS') return true;
  return Array.isArray(errors) && errors.length > 0 && errors.every(isTopicAlreadyExists);
}
