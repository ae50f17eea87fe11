import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import type { Db } from '@onegraph/db';
import { recordCompletedCall } from '../features/voice/commands.ts';
import { applyEvent } from './consume.ts';

export const VOICE_CONSUMER = 'crm.voice-events';

export interface VoiceConsumerOptions {
  db: Db;
  bus: Bus;
  /** Called after a transaction that wrote to the outbox commits. */
  onOutbox: () => void;
}

/**
 * Consumes `onestack.voice.events` in a group of its own: each completed
 * call is recorded once per call id and logged on the matching contact's
 * timeline, or kept as an unmatched call (never parked: unmatched calls
 * are a list people work through, see `Query.unmatchedCalls`).
 */
export function startVoiceConsumer(options: VoiceConsumerOptions): Promise<BusConsumer> {
  const { db, bus } = options;
  return bus.consume({
    groupId: VOICE_CONSUMER,
    topics: [topicOf('voice')],
    handler: async (event) => {
      if (event.type !== 'voice.call.completed') return; // other Voice events are other consumers' business
      const data = (event as Envelope<EventData<'voice.call.completed'>>).data;
      if (await applyEvent(db, VOICE_CONSUMER, event, (unit) => recordCompletedCall(unit, data))) options.onOutbox();
    },
  });
}
