import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Bus, BusConsumer, Envelope, MessageMeta } from '@onegraph/bus';
import type { Logger } from '@onegraph/log';
import type { SubscriptionFieldSpec } from './fields.ts';

export interface RoutedEvent {
  event: Envelope;
  meta: MessageMeta;
}

export interface Subscriber {
  org: string;
  spec: SubscriptionFieldSpec;
  args: Record<string, unknown>;
  deliver(event: RoutedEvent): void;
}

export interface EventRouter {
  add(subscriber: Subscriber): () => void;
  readonly size: number;
  stop(): Promise<void>;
}

/**
 * One Bus consumer per gateway instance, shared by all its subscribers. Its
 * group id is unique to the instance, so every instance sees every event;
 * events are routed in memory by organisation first (an event never reaches
 * another tenant's subscriber), then by event type and the field's filter.
 */
export async function startEventRouter(bus: Bus, topics: readonly string[], log: Logger): Promise<EventRouter> {
  const byOrg = new Map<string, Set<Subscriber>>();
  let size = 0;
  const consumer: BusConsumer = await bus.consume({
    groupId: `onegraph-gateway-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    topics: [...topics],
    fromBeginning: false,
    handler: async (event, meta) => {
      const subscribers = byOrg.get(event.orgid);
      if (!subscribers) return;
      const data = (event.data ?? {}) as Record<string, unknown>;
      for (const s of subscribers) {
        if (s.spec.topic !== meta.topic || !s.spec.eventTypes.includes(event.type)) continue;
        try {
          if (s.spec.matches(data, s.args)) s.deliver({ event, meta });
        } catch (error) {
          log.warn('gateway: subscription filter failed', { error: (error as Error).message, type: event.type });
        }
      }
    },
  });
  return {
    add(subscriber) {
      let set = byOrg.get(subscriber.org);
      if (!set) byOrg.set(subscriber.org, (set = new Set()));
      set.add(subscriber);
      size++;
      return () => {
        if (set.delete(subscriber)) size--;
        if (set.size === 0) byOrg.delete(subscriber.org);
      };
    },
    get size() {
      return size;
    },
    stop: () => consumer.stop(),
  };
}
