import { randomUUID } from 'node:crypto';
import { createEnvelope, topicOf, type Bus, type Envelope, type EventData } from '@onegraph/bus';

/**
 * A stand-in for The One Stack's Voice, for demos and tests only: it
 * publishes `voice.call.completed` when a call ends, and looks callers up
 * in the CRM through the graph (`contactByPhone`) with Voice's own
 * integration key, as Voice's inbound routing does while the phone rings.
 */
export interface VoiceSimulatorOptions {
  bus: Bus;
  /** The graph's GraphQL endpoint (the gateway's `/graphql`); also settable later with `connectGraph`. */
  graphqlUrl?: string;
  /** Voice's integration key to the graph, per organisation (scope `crm.contacts.read`). */
  integrationKeys?: Record<string, string>;
}

export interface SimCall {
  /** Default a new one. */
  callId?: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  /** Default now. */
  startedAt?: string;
  durationSeconds: number;
  recordingUrl?: string | undefined;
  agentUserId: string;
}

export interface CallerMatch {
  id: string;
  name: string;
  company: { id: string; name: string };
}

export interface VoiceSimulator {
  /** Publishes `voice.call.completed` for the call; resolves with the event as published. */
  completeCall(org: string, call: SimCall): Promise<Envelope<EventData<'voice.call.completed'>>>;
  /** Who is calling from `number`, as the CRM knows them (null: nobody). Throws on a refused call. */
  lookupCaller(org: string, number: string): Promise<CallerMatch | null>;
  /** Where Voice's lookups go (the gateway's `/graphql`), with Voice's integration key per organisation. */
  connectGraph(graphqlUrl: string, integrationKeys: Record<string, string>): void;
}

const LOOKUP = /* GraphQL */ `
  query VoiceLookup($phone: String!) {
    contactByPhone(phone: $phone) {
      id
      name
      company {
        id
        name
      }
    }
  }
`;

export function createVoiceSimulator(options: VoiceSimulatorOptions): VoiceSimulator {
  let graph = { url: options.graphqlUrl, integrationKeys: options.integrationKeys ?? {} };
  return {
    async completeCall(org, call) {
      const data: EventData<'voice.call.completed'> = {
        callId: call.callId ?? `call_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        direction: call.direction,
        from: call.from,
        to: call.to,
        startedAt: call.startedAt ?? new Date().toISOString(),
        durationSeconds: call.durationSeconds,
        ...(call.recordingUrl ? { recordingUrl: call.recordingUrl } : {}),
        agentUserId: call.agentUserId,
      };
      const event = createEnvelope({ type: 'voice.call.completed', source: 'onestack/voice-simulator', orgid: org, subject: `call/${data.callId}`, data });
      await options.bus.publish(topicOf('voice'), event);
      return event;
    },
    async lookupCaller(org, number) {
      const key = graph.integrationKeys[org];
      if (!graph.url || !key) throw new Error(`Voice simulator: no integration key for organisation ${org} (connectGraph first)`);
      const res = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-integration-key': key },
        body: JSON.stringify({ query: LOOKUP, variables: { phone: number } }),
      });
      const body = (await res.json()) as {
        data?: { contactByPhone: CallerMatch | null } | null;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      if (body.errors?.length) {
        const [first] = body.errors;
        throw Object.assign(new Error(`Voice simulator: lookup refused: ${first!.message}`), { code: first!.extensions?.code });
      }
      return body.data?.contactByPhone ?? null;
    },
    connectGraph(url, integrationKeys) {
      graph = { url, integrationKeys };
    },
  };
}
