import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureKafkaTopics } from '@onegraph/bus';
import { testKafkaLogin } from '@onegraph/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

describe('ensureKafkaTopics on a real broker', () => {
  // topics outside the Bus's names: the broker's super user may create them
  const kafka = new Kafka({ ...testKafkaLogin('admin'), clientId: 'bus-topics-test', brokers: inject('kafkaBrokers').split(','), logLevel: logLevel.NOTHING });
  const admins: Admin[] = [];
  afterAll(async () => {
    await Promise.all(admins.map((a) => a.disconnect()));
  });

  it('creates new topics from several processes at once, and returns only when every partition has a leader', async () => {
    const topics = [0, 1, 2].map((i) => `bus-topics-test.${randomUUID()}.${i}`);
    for (let i = 0; i < 4; i += 1) {
      const admin = kafka.admin();
      await admin.connect();
      admins.push(admin);
    }
    // what a cold start of several stacks on one cluster does: all race to create the same topics
    await Promise.all(admins.map((admin) => ensureKafkaTopics(admin, topics, { partitions: 3 })));

    const { topics: metadata } = await admins[0]!.fetchTopicMetadata({ topics });
    expect(metadata.map((t) => t.name).sort()).toEqual([...topics].sort());
    for (const topic of metadata) {
      expect(topic.partitions).toHaveLength(3);
      for (const p of topic.partitions) expect(p.leader).toBeGreaterThanOrEqual(0);
    }
    // and a second call for topics that exist is a no-op
    await ensureKafkaTopics(admins[1]!, topics, { partitions: 3 });
  });
});
