import type { Admin } from 'kafkajs';

/** Errors a just-created topic can show while the broker's metadata cache catches up with the controller. */
const NOT_YET_ERRORS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

const POLL_MS = 100;

export interface EnsureTopicsOptions {
  partitions: number;
  /** How long to wait for every new partition to have a leader. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Creates the topics that do not exist yet and waits until every partition of
 * them has a leader.
 *
 * Not kafkajs' `createTopics({ waitForLeaders: true })`: that only retries
 * LEADER_NOT_AVAILABLE, but a KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION
 * for a moment after the controller created the topic, and kafkajs then fails
 * the call although the topic is fine. Another process creating the same
 * topic at the same time is not an error either.
 */
export async function ensureKafkaTopics(admin: Admin, topics: readonly string[], options: EnsureTopicsOptions): Promise<void> {
  if (topics.length === 0) return;
  const existing = new Set(await admin.listTopics());
  const create = topics.filter((t) => !existing.has(t));
  // createTopics resolves false when they all exist already (a concurrent creator won)
  if (create.length > 0) await admin.createTopics({ waitForLeaders: false, topics: create.map((topic) => ({ topic, numPartitions: options.partitions })) });
  // the existing ones too: a topic another process has just created is listed by the controller
  // before every broker of a cluster knows it, and a consumer subscribing then fails
  await waitForLeaders(admin, [...topics], options.timeoutMs ?? 30_000);
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no metadata yet';
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const pending = metadata.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0));
      if (pending.length === 0) return;
      last = `partitions without a leader in ${pending.map((t) => t.name).join(', ')}`;
    } catch (error) {
      // kafkajs gives up on LEADER_NOT_AVAILABLE after its own retries, wrapping it
      const e = error as { type?: string; cause?: { type?: string } };
      const type = e.type ?? e.cause?.type;
      if (!type || !NOT_YET_ERRORS.has(type)) throw error;
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`Kafka topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
