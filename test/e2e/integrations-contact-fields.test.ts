import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { VoiceSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The integrations subgraph's fields on CRM contacts and companies, end to
 * end: Voice publishes `voice.call.completed` on real Kafka, the
 * integrations subgraph keeps its Voice read model, and the gateway joins
 * a contact's calls (found by the contact's numbers, which crm hands over
 * through `@requires`) and portal access onto crm's entities.
 */
const OUR_LINE = '+14155550100';
const JANE = { id: 'con_acme_jane', phone: '+14155550101' };
const RAJ = 'con_acme_raj';
const ANA = { id: 'con_north_ana', phone: '+442071838751' };

interface Call {
  id: string;
  direction: string;
  number: string;
  startedAt: string;
  durationSeconds: number;
  recordingUrl: string | null;
  agentUserId: string;
}
interface Calls {
  count: number;
  lastCall: Call | null;
  recent: Call[];
}
interface Access {
  enabled: boolean;
  url: string | null;
  features: { pipeline: boolean; quotes: boolean } | null;
}
const CALL = 'id direction number startedAt durationSeconds recordingUrl agentUserId';
const CONTACT_CALLS = `query($id: ID!, $first: Int) { contact(id: $id) { id calls { count lastCall { ${CALL} } recent(first: $first) { ${CALL} } } } }`;
const PORTAL_ACCESS = 'portalAccess { enabled url features { pipeline quotes } }';

describe('Contact calls and portal access from the integrations subgraph, on real Kafka through the gateway', () => {
  const stack = useStack({ simulators: { voice: true, portal: true, calls: { backoffMs: 20, attempts: 2 } } });
  let voice: VoiceSimulator;
  let member: CrmClient;
  let other: CrmClient;

  const callsOf = async (client: CrmClient, id: string, first = 5) =>
    (await client.ok<{ contact: { id: string; calls: Calls } | null }>(CONTACT_CALLS, { id, first })).contact;
  const callId = () => `call_${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    voice = stack.simulators.voice;
    member = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
  });

  it("a call Voice reports shows in the contact's calls: count, last call, recent calls with duration and recording link", async () => {
    expect((await callsOf(member, JANE.id))?.calls).toEqual({ count: 0, lastCall: null, recent: [] });

    const earlier = callId();
    await voice.completeCall('demo', {
      callId: earlier,
      direction: 'inbound',
      from: JANE.phone,
      to: OUR_LINE,
      startedAt: '2026-11-02T09:00:00.000Z',
      durationSeconds: 95,
      recordingUrl: 'https://voice.onestack.test/recordings/1.mp3',
      agentUserId: 'user-agent-1',
    });
    // outbound, dialled in national notation: read in our line's country, as crm's timeline reads it
    const later = callId();
    const published = await voice.completeCall('demo', {
      callId: later,
      direction: 'outbound',
      from: OUR_LINE,
      to: '(415) 555-0101',
      startedAt: '2026-11-03T15:30:00.000Z',
      durationSeconds: 40,
      agentUserId: 'user-agent-2',
    });
    // Voice reporting the same call again (a new event id) counts once
    await voice.completeCall('demo', { ...published.data, callId: later, direction: 'outbound' });

    await expect.poll(async () => (await callsOf(member, JANE.id))?.calls.count, { timeout: 20_000 }).toBe(2);
    const jane = await callsOf(member, JANE.id);
    const latest: Call = {
      id: later,
      direction: 'OUTBOUND',
      number: JANE.phone,
      startedAt: '2026-11-03T15:30:00.000Z',
      durationSeconds: 40,
      recordingUrl: null,
      agentUserId: 'user-agent-2',
    };
    expect(jane?.calls).toEqual({
      count: 2,
      lastCall: latest,
      recent: [
        latest,
        {
          id: earlier,
          direction: 'INBOUND',
          number: JANE.phone,
          startedAt: '2026-11-02T09:00:00.000Z',
          durationSeconds: 95,
          recordingUrl: 'https://voice.onestack.test/recordings/1.mp3',
          agentUserId: 'user-agent-1',
        },
      ],
    });
    expect((await callsOf(member, JANE.id, 1))?.calls.recent.map((c) => c.id)).toEqual([later]);
    // a contact without a number has no calls
    expect((await callsOf(member, RAJ))?.calls).toEqual({ count: 0, lastCall: null, recent: [] });
    // crm keeps the timeline entries
    const timeline = await member.ok<{ contact: { activities: { edges: unknown[] } } }>(
      `query($id: ID!) { contact(id: $id) { activities(first: 10, filter: { types: [CALL] }) { edges { node { id } } } } }`,
      { id: JANE.id },
    );
    expect(timeline.contact.activities.edges).toHaveLength(2);

    const refused = await member.fails('BAD_USER_INPUT', CONTACT_CALLS, { id: JANE.id, first: 21 });
    expect(refused.message).toContain('between 1 and 20');
  });

  it("every contact of a list is joined in one batch, and another organisation's calls never show", async () => {
    // demo-2 has a call from the very number demo's Jane has: it is demo-2's, not Jane's
    await voice.completeCall('demo-2', {
      callId: callId(),
      direction: 'inbound',
      from: JANE.phone,
      to: '+442071838700',
      durationSeconds: 12,
      agentUserId: 'u2',
    });
    await voice.completeCall('demo-2', {
      callId: callId(),
      direction: 'inbound',
      from: ANA.phone,
      to: '+442071838700',
      durationSeconds: 30,
      agentUserId: 'u2',
    });
    await expect.poll(async () => (await callsOf(other, ANA.id))?.calls.count, { timeout: 20_000 }).toBe(1);

    // the integrations subgraph answers a page of contacts in the same statements whatever its size (no N+1)
    const LIST = `query($first: Int) { contacts(first: $first) { edges { node { id calls { count } portalAccess { enabled } } } } }`;
    const statementsFor = async (first: number) => {
      const before = stack.integrations.db.statements;
      await member.ok(LIST, { first });
      return stack.integrations.db.statements - before;
    };
    expect(await statementsFor(1)).toBe(await statementsFor(50));
    const list = await member.ok<{ contacts: { edges: { node: { id: string; calls: { count: number } } }[] } }>(LIST, { first: 50 });
    const counts = Object.fromEntries(list.contacts.edges.map((e) => [e.node.id, e.node.calls.count]));
    expect(counts).toMatchObject({ [JANE.id]: 2, [RAJ]: 0, con_bright_lee: 0 });
    expect(counts[ANA.id]).toBeUndefined();
    // demo-2 cannot reach demo's contact, and sees only its own calls
    expect(await callsOf(other, JANE.id)).toBeNull();
    expect((await callsOf(other, ANA.id))?.calls.recent.map((c) => c.number)).toEqual([ANA.phone]);
  });

  it("a company's and its contacts' portal access follow the portal Portal accepted", async () => {
    const ACCESS = `query($company: ID!, $contact: ID!) { company(id: $company) { ${PORTAL_ACCESS} } contact(id: $contact) { ${PORTAL_ACCESS} } }`;
    const none = { enabled: false, url: null, features: null };
    expect(await member.ok(ACCESS, { company: 'cmp_acme', contact: JANE.id })).toEqual({ company: { portalAccess: none }, contact: { portalAccess: none } });

    await crmClient(stack, 'demo', 'Admin').ok(`mutation { updatePortalSettings(companyId: "cmp_acme", input: { features: { quotes: true } }) { version } }`);
    const access = { enabled: true, url: 'https://portal.onestack.test/demo/cmp_acme', features: { pipeline: false, quotes: true } };
    expect(await member.ok(ACCESS, { company: 'cmp_acme', contact: JANE.id })).toEqual({
      company: { portalAccess: access },
      contact: { portalAccess: access },
    });
    // every contact of the company, and no other company's
    const company = await member.ok<{ company: { contacts: { id: string; portalAccess: Access }[] } }>(
      `{ company(id: "cmp_acme") { contacts { id ${PORTAL_ACCESS} } } }`,
    );
    expect(company.company.contacts.map((c) => c.portalAccess)).toEqual([access, access]);
    expect((await member.ok<{ contact: { portalAccess: Access } }>(`{ contact(id: "con_bright_lee") { ${PORTAL_ACCESS} } }`)).contact.portalAccess).toEqual(
      none,
    );
    // demo-2's contacts have no portal: demo's is not theirs
    expect((await other.ok<{ contact: { portalAccess: Access } }>(`{ contact(id: "${ANA.id}") { ${PORTAL_ACCESS} } }`)).contact.portalAccess).toEqual(none);
  });
});
