import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { topicOf } from '@onegraph/bus';
import type { VoiceSimulator } from '@onegraph/simulators';
import { graphqlRequest } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The seed's "CRM + Voice" rows, end to end: the Voice simulator publishes
 * `voice.call.completed` on real Kafka and looks callers up through the
 * gateway with its own integration key; what a user sees is read through
 * the gateway with Hub tokens.
 */
const OUR_LINE = '+14155550100';
const JANE = { id: 'con_acme_jane', phone: '+14155550101', company: 'cmp_acme' };
const LEE = { id: 'con_bright_lee', phone: '+14155550112', company: 'cmp_brightline' };

interface CallEntry {
  id: string;
  type: string;
  source: string;
  summary: string;
  direction: string | null;
  durationSeconds: number | null;
  recordingUrl: string | null;
  createdBy: string | null;
  occurredAt: string;
  contact: { id: string } | null;
  company: { id: string };
}
const CALL_FIELDS = 'id type source summary direction durationSeconds recordingUrl createdBy occurredAt contact { id } company { id }';
const UNMATCHED = `query($first: Int, $after: String) { unmatchedCalls(first: $first, after: $after) {
  edges { cursor node { id direction from to number startedAt durationSeconds recordingUrl agentUserId reason candidates { id } } }
  pageInfo { hasNextPage endCursor } } }`;
const LINK = `mutation($callId: ID!, $contactId: ID!) { linkCall(callId: $callId, contactId: $contactId) { ${CALL_FIELDS} } }`;

interface Unmatched {
  id: string;
  direction: string;
  number: string;
  reason: string;
  durationSeconds: number;
  candidates: { id: string }[];
}

describe('CRM + Voice, on real Kafka through the gateway', () => {
  const stack = useStack({ simulators: { voice: true } });
  let voice: VoiceSimulator;
  let member: CrmClient;
  let other: CrmClient;

  /** The CALL entries on a contact's timeline, newest first. */
  const callsOf = async (contactId: string): Promise<CallEntry[]> => {
    const data = await member.ok<{ contact: { activities: { edges: { node: CallEntry }[] } } }>(
      `query($id: ID!) { contact(id: $id) { activities(first: 25, filter: { types: [CALL] }) { edges { node { ${CALL_FIELDS} } } } } }`,
      { id: contactId },
    );
    return data.contact.activities.edges.map((e) => e.node);
  };
  const callEntry = async (contactId: string, callSummaryPart: string) => (await callsOf(contactId)).find((c) => c.summary.includes(callSummaryPart));
  const unmatched = async (client: CrmClient): Promise<Unmatched[]> =>
    (await client.ok<{ unmatchedCalls: { edges: { node: Unmatched }[] } }>(UNMATCHED, { first: 25 })).unmatchedCalls.edges.map((e) => e.node);
  const newCallId = () => `call_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    voice = stack.simulators.voice;
    member = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
    // Voice's own integration key per organisation, created by an Owner as the integration docs describe
    const keys: Record<string, string> = {};
    for (const org of ['demo', 'demo-2']) {
      const res = await graphqlRequest<{ createIntegrationKey: { plaintext: string } }>(
        stack.urls.graphql,
        `mutation { createIntegrationKey(input: { product: "voice", name: "Voice", scopes: ["crm.contacts.read", "crm.companies.read"] }) { plaintext } }`,
        {},
        await stack.token(org, 'Owner', `owner-${org}`),
      );
      keys[org] = res.body.data!.createIntegrationKey.plaintext;
    }
    voice.connectGraph(stack.urls.graphql, keys);
  });

  it('Call logging', async () => {
    const inbound = await voice.completeCall('demo', {
      direction: 'inbound',
      from: JANE.phone,
      to: OUR_LINE,
      durationSeconds: 95,
      agentUserId: 'user-agent-1',
    });
    // outbound, with the number as Voice's dialler reports it: national notation, read in our line's country
    const outbound = await voice.completeCall('demo', {
      direction: 'outbound',
      from: OUR_LINE,
      to: '(415) 555-0112',
      durationSeconds: 40,
      agentUserId: 'user-agent-2',
    });

    await expect.poll(() => callsOf(JANE.id), { timeout: 20_000 }).toHaveLength(1);
    const [janeCall] = await callsOf(JANE.id);
    expect(janeCall).toMatchObject({
      type: 'CALL',
      source: 'VOICE',
      direction: 'INBOUND',
      summary: 'Inbound call from Jane Okafor (+14155550101, 1m 35s)',
      createdBy: 'user-agent-1',
      occurredAt: inbound.data.startedAt,
      contact: { id: JANE.id },
      company: { id: JANE.company },
    });
    await expect.poll(() => callsOf(LEE.id), { timeout: 20_000 }).toHaveLength(1);
    expect((await callsOf(LEE.id))[0]).toMatchObject({
      direction: 'OUTBOUND',
      summary: 'Outbound call to Morgan Lee (+14155550112, 40s)',
      createdBy: 'user-agent-2',
      occurredAt: outbound.data.startedAt,
      company: { id: LEE.company },
    });
    // and on the company's timeline
    const company = await member.ok<{ company: { activities: { edges: { node: { id: string } }[] } } }>(
      `{ company(id: "cmp_acme") { activities(filter: { types: [CALL] }) { edges { node { id } } } } }`,
    );
    expect(company.company.activities.edges.map((e) => e.node.id)).toContain(janeCall!.id);
  });

  it('Call duration', async () => {
    await voice.completeCall('demo', { direction: 'inbound', from: JANE.phone, to: OUR_LINE, durationSeconds: 754, agentUserId: 'user-agent-1' });
    await expect.poll(() => callEntry(JANE.id, '12m 34s'), { timeout: 20_000 }).toMatchObject({ durationSeconds: 754 });
  });

  it('Call recording', async () => {
    const recordingUrl = 'https://voice.example.com/recordings/rec_8812.mp3';
    await voice.completeCall('demo', { direction: 'inbound', from: JANE.phone, to: OUR_LINE, durationSeconds: 61, recordingUrl, agentUserId: 'user-agent-1' });
    await voice.completeCall('demo', { direction: 'inbound', from: JANE.phone, to: OUR_LINE, durationSeconds: 62, agentUserId: 'user-agent-1' });
    await expect.poll(() => callEntry(JANE.id, '1m 01s'), { timeout: 20_000 }).toMatchObject({ recordingUrl });
    // recording off in Voice: no link
    await expect.poll(() => callEntry(JANE.id, '1m 02s'), { timeout: 20_000 }).toMatchObject({ recordingUrl: null });
  });

  it('Inbound routing', async () => {
    // while the phone rings, Voice asks the graph who is calling, with its own key
    expect(await voice.lookupCaller('demo', '+1 415-555-0112')).toEqual({
      id: LEE.id,
      name: 'Morgan Lee',
      company: { id: LEE.company, name: 'Brightline Legal LLP' },
    });
    expect(await voice.lookupCaller('demo', '+1 415 555 0198')).toBeNull();
    // another organisation's key finds nobody there
    expect(await voice.lookupCaller('demo-2', LEE.phone)).toBeNull();
    // and the call then lands on the contact the lookup found
    await voice.completeCall('demo', { direction: 'inbound', from: '+1 415-555-0112', to: OUR_LINE, durationSeconds: 333, agentUserId: 'user-agent-3' });
    await expect
      .poll(() => callEntry(LEE.id, '5m 33s'), { timeout: 20_000 })
      .toMatchObject({ direction: 'INBOUND', contact: { id: LEE.id }, createdBy: 'user-agent-3' });
  });

  it('keeps an unmatched call, lists it, and logs it once linked to a contact', async () => {
    const admin = crmClient(stack, 'demo', 'Admin');
    // a number no contact has, and one contacts of two companies share
    const nobody = await voice.completeCall('demo', {
      direction: 'inbound',
      from: '+14155550199',
      to: OUR_LINE,
      durationSeconds: 30,
      agentUserId: 'user-agent-1',
    });
    const shared = '+14155550177';
    const twins: string[] = [];
    for (const companyId of ['cmp_cobalt', 'cmp_brightline']) {
      const created = await admin.ok<{ createContact: { id: string } }>(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId, firstName: 'Front', lastName: `Desk ${companyId}`, phones: [{ number: shared }] },
      });
      twins.push(created.createContact.id);
    }
    const ambiguous = await voice.completeCall('demo', { direction: 'outbound', from: OUR_LINE, to: shared, durationSeconds: 45, agentUserId: 'user-agent-2' });

    await expect
      .poll(async () => (await unmatched(member)).filter((c) => [nobody.data.callId, ambiguous.data.callId].includes(c.id)).map((c) => c.reason), {
        timeout: 20_000,
      })
      .toEqual(['AMBIGUOUS', 'NO_CONTACT']);
    const listed = await unmatched(member);
    expect(listed.find((c) => c.id === nobody.data.callId)).toMatchObject({
      direction: 'INBOUND',
      number: '+14155550199',
      durationSeconds: 30,
      candidates: [],
    });
    expect(
      listed
        .find((c) => c.id === ambiguous.data.callId)!
        .candidates.map((c) => c.id)
        .sort(),
    ).toEqual([...twins].sort());

    // a Relay connection: one per page
    const page1 = await member.ok<{ unmatchedCalls: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(UNMATCHED, {
      first: 1,
    });
    expect(page1.unmatchedCalls.pageInfo.hasNextPage).toBe(true);
    const page2 = await member.ok<{ unmatchedCalls: { edges: { node: { id: string } }[] } }>(UNMATCHED, {
      first: 1,
      after: page1.unmatchedCalls.pageInfo.endCursor,
    });
    expect(page2.unmatchedCalls.edges[0]!.node.id).not.toBe(page1.unmatchedCalls.edges[0]!.node.id);

    const linked = (await member.ok<{ linkCall: CallEntry }>(LINK, { callId: ambiguous.data.callId, contactId: twins[0] })).linkCall;
    expect(linked).toMatchObject({
      type: 'CALL',
      source: 'VOICE',
      direction: 'OUTBOUND',
      durationSeconds: 45,
      createdBy: 'user-agent-2',
      contact: { id: twins[0] },
      company: { id: 'cmp_cobalt' },
    });
    expect((await callsOf(twins[0]!)).map((c) => c.id)).toEqual([linked.id]);
    expect((await unmatched(member)).map((c) => c.id)).not.toContain(ambiguous.data.callId);
    // linking again to the same contact: the same entry, nothing new
    expect((await member.ok<{ linkCall: CallEntry }>(LINK, { callId: ambiguous.data.callId, contactId: twins[0] })).linkCall.id).toBe(linked.id);
    expect(await callsOf(twins[0]!)).toHaveLength(1);
    // to another contact once logged, an unknown call or contact: refused with a code
    await member.fails('BAD_USER_INPUT', LINK, { callId: ambiguous.data.callId, contactId: twins[1] });
    await member.fails('NOT_FOUND', LINK, { callId: 'call_nope', contactId: twins[0] });
    await member.fails('NOT_FOUND', LINK, { callId: nobody.data.callId, contactId: 'con_nope' });
    // a Viewer reads the list but cannot link
    const viewer = crmClient(stack, 'demo', 'Viewer');
    expect((await unmatched(viewer)).map((c) => c.id)).toContain(nobody.data.callId);
    await viewer.fails('FORBIDDEN', LINK, { callId: nobody.data.callId, contactId: JANE.id });
  });

  it('logs a call once however often its event arrives', async () => {
    const event = await voice.completeCall('demo', {
      direction: 'inbound',
      from: JANE.phone,
      to: OUR_LINE,
      durationSeconds: 4242,
      agentUserId: 'user-agent-1',
    });
    // the same event redelivered, and the same call reported again under a new event id
    await stack.bus.publish(topicOf('voice'), event);
    await voice.completeCall('demo', { ...event.data, callId: event.data.callId });
    // events of an organisation are consumed in order: once this marker is in, the duplicates were seen
    await voice.completeCall('demo', { direction: 'inbound', from: JANE.phone, to: OUR_LINE, durationSeconds: 4243, agentUserId: 'user-agent-1' });
    await expect.poll(() => callEntry(JANE.id, '70m 43s'), { timeout: 20_000 }).toBeDefined();
    expect((await callsOf(JANE.id)).filter((c) => c.durationSeconds === 4242)).toHaveLength(1);
  });

  it('keeps organisations apart: demo-2 never sees or links demo’s calls', async () => {
    const demoCall = await voice.completeCall('demo', {
      direction: 'inbound',
      from: '+14155550166',
      to: OUR_LINE,
      durationSeconds: 12,
      agentUserId: 'user-agent-1',
    });
    // demo-2 called from Jane's number: demo-2 has no such contact, demo's Jane must not get it
    const theirs = await voice.completeCall('demo-2', {
      direction: 'inbound',
      from: JANE.phone,
      to: '+442071838700',
      durationSeconds: 7,
      agentUserId: 'user-demo-2',
    });
    await expect.poll(async () => (await unmatched(other)).map((c) => c.id), { timeout: 20_000 }).toContain(theirs.data.callId);
    await expect.poll(async () => (await unmatched(member)).map((c) => c.id), { timeout: 20_000 }).toContain(demoCall.data.callId);
    expect((await unmatched(other)).map((c) => c.id)).not.toContain(demoCall.data.callId);
    expect((await unmatched(member)).map((c) => c.id)).not.toContain(theirs.data.callId);
    expect((await callsOf(JANE.id)).map((c) => c.durationSeconds)).not.toContain(7);
    await other.fails('NOT_FOUND', LINK, { callId: demoCall.data.callId, contactId: 'con_north_ana' });
    await other.fails('NOT_FOUND', LINK, { callId: theirs.data.callId, contactId: JANE.id });
  });
});
