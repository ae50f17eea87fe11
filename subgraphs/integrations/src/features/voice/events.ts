import { topicOf } from '@onegraph/bus';
import { defineConsumer } from '@onegraph/consumers';
import type { ConsumerScope } from '../../core/scope.ts';
import { externalNumber } from './numbers.ts';
import { insertVoiceCall } from './store.ts';

export const VOICE_READ_MODEL_CONSUMER = 'integrations.voice-calls';

/**
 * Keeps the Voice read model (contacts' calls) from `voice.call.completed`,
 * in a consumer group of its own: crm's consumer logs the same calls on
 * the timeline, this one keeps them by number for `Contact.calls`.
 */
export const voiceReadModelConsumer = defineConsumer<ConsumerScope>({
  name: VOICE_READ_MODEL_CONSUMER,
  topic: topicOf('voice'),
  handlers: {
    'voice.call.completed': ({ data }, { tx, org }) =>
      insertVoiceCall(tx, org, {
        id: data.callId,
        direction: data.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
        number: externalNumber(data),
        startedAt: new Date(data.startedAt),
        durationSeconds: data.durationSeconds,
        recordingUrl: data.recordingUrl ?? null,
        agentUserId: data.agentUserId,
      }),
  },
});
