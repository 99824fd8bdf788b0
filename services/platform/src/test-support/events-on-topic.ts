import { testKafka, uniqueGroupId } from '@rre/testing';

/** The `ce_type` headers of the messages keyed `key` on `topic`, read from the start once `count` have arrived. */
export async function typesOnTopic(topic: string, key: string, count: number): Promise<string[]> {
  const consumer = testKafka().consumer({ groupId: uniqueGroupId() });
  const seen: string[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let resolveDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== key) return;
        seen.push(String(message.headers?.['ce_type']));
        if (seen.length === count) resolveDone();
      },
    });
    await done;
  } finally {
    await consumer.disconnect();
  }
  return seen;
}
