import { topicOf } from '@onegraph/bus';
import { defineConsumer } from '@onegraph/consumers';
import { recordCompletedCall } from './commands.ts';
import type { Unit } from '../../core/unit-of-work.ts';

export const VOICE_CONSUMER = 'crm.voice-events';

/**
 * Consumes `onestack.voice.events` in a group of its own: each completed
 * call is recorded once per call id and logged on the matching contact's
 * timeline, or kept as an unmatched call (never parked: unmatched calls
 * are a list people work through, see `Query.unmatchedCalls`).
 */
export const voiceEventsConsumer = defineConsumer<Unit>({
  name: VOICE_CONSUMER,
  topic: topicOf('voice'),
  handlers: {
    'voice.call.completed': (event, unit) => recordCompletedCall(unit, event.data),
  },
});
