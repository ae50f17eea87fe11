import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { GraphSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * Sequence and campaign email respects consent, end to end through the
 * gateway (Kafka as the stack's Bus): contacts flagged do-not-email or
 * unsubscribed, and addresses that bounced (a non-delivery report the
 * Microsoft Graph simulator puts in the synced mailbox), are never sent to:
 * a single send is refused with EMAIL_NOT_PERMITTED, a campaign skips them
 * and says why.
 */
const SALES = 'sales@yourmsp.com';
const OTHER_SALES = 'sales@othermsp.com';
const CONNECT = `mutation($address: String!) { connectMailbox(input: { address: $address }) { id } }`;
const SYNC = `mutation($id: ID!) { syncMailboxNow(id: $id) { id lastError } }`;
const SEND = `mutation($input: SendEmailInput!) { sendEmail(input: $input) { id summary contact { id } } }`;
const CAMPAIGN = `mutation($input: SendCampaignInput!) { sendCampaign(input: $input) {
  sent { id summary contact { id } } skipped { contact { id } reason } } }`;
const CONSENT = `mutation($id: ID!, $doNotEmail: Boolean, $unsubscribed: Boolean) {
  setContactEmailConsent(id: $id, doNotEmail: $doNotEmail, unsubscribed: $unsubscribed) { id doNotEmail unsubscribedAt emailBlockedReason } }`;
const CONTACT = `query($id: ID!) { contact(id: $id) { id doNotEmail unsubscribedAt emailBlockedReason } }`;

interface Campaign {
  sent: { id: string; summary: string; contact: { id: string } }[];
  skipped: { contact: { id: string }; reason: string }[];
}

describe('email consent for sequences and campaigns, through the gateway', () => {
  const stack = useStack({
    simulators: { graph: { orgs: ['demo', 'demo-2'], mailboxes: { demo: [SALES], 'demo-2': [OTHER_SALES] } }, calls: { backoffMs: 10 } },
  });
  let graph: GraphSimulator;
  let member: CrmClient;
  let other: CrmClient;
  let mailbox: string;
  let otherMailbox: string;
  const people: Record<'ok' | 'flagged' | 'unsubscribed' | 'bounced', string> = { ok: '', flagged: '', unsubscribed: '', bounced: '' };
  const addressOf = (who: keyof typeof people) => `${who}-${suffix}@acmedental.com`;
  const suffix = randomUUID().slice(0, 6);

  const newContact = async (client: CrmClient, companyId: string, email: string) =>
    (
      await client.ok<{ createContact: { id: string } }>(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId, firstName: 'Pat', lastName: email.slice(0, email.indexOf('@')), emails: [email] },
      })
    ).createContact.id;
  const sentTo = (box: string, address: string) =>
    graph.messages(box, 'sentitems').filter((m) => m.toRecipients.some((r) => r.emailAddress.address === address));

  beforeAll(async () => {
    graph = stack.simulators.graph;
    member = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
    mailbox = (await crmClient(stack, 'demo', 'Admin').ok<{ connectMailbox: { id: string } }>(CONNECT, { address: SALES })).connectMailbox.id;
    otherMailbox = (await crmClient(stack, 'demo-2', 'Admin').ok<{ connectMailbox: { id: string } }>(CONNECT, { address: OTHER_SALES })).connectMailbox.id;
    for (const who of Object.keys(people) as (keyof typeof people)[]) people[who] = await newContact(member, 'cmp_acme', addressOf(who));

    await member.ok(CONSENT, { id: people.flagged, doNotEmail: true });
    await member.ok(CONSENT, { id: people.unsubscribed, unsubscribed: true });
    // the mailbox gets Exchange's report that mail to one contact bounced; the sync reads it
    graph.deliverNonDeliveryReport(SALES, { failedRecipient: addressOf('bounced'), originalSubject: 'Spring newsletter' });
    const synced = await crmClient(stack, 'demo', 'Admin').ok<{ syncMailboxNow: { lastError: string | null } }>(SYNC, { id: mailbox });
    expect(synced.syncMailboxNow.lastError).toBeNull();
  });

  it('shows each contact’s consent: flagged, unsubscribed, bounced (from the non-delivery report), or free to email', async () => {
    const reasonOf = async (id: string) => (await member.ok<{ contact: { emailBlockedReason: string | null } }>(CONTACT, { id })).contact.emailBlockedReason;
    expect(await reasonOf(people.ok)).toBeNull();
    expect(await reasonOf(people.flagged)).toBe('DO_NOT_EMAIL');
    expect(await reasonOf(people.unsubscribed)).toBe('UNSUBSCRIBED');
    expect(await reasonOf(people.bounced)).toBe('BOUNCED');
    expect(await reasonOf('con_acme_jane')).toBeNull();
    // the report itself is not correspondence: nothing of it on the company's timeline
    const timeline = await member.ok<{ company: { activities: { edges: { node: { summary: string } }[] } } }>(
      `{ company(id: "cmp_acme") { activities(first: 50, filter: { types: [EMAIL] }) { edges { node { summary } } } } }`,
    );
    expect(timeline.company.activities.edges.map((e) => e.node.summary).filter((s) => s.includes('Undeliverable'))).toEqual([]);
    // withdrawing an unsubscription (the contact opted in again) clears it; the flag stays until cleared
    const { setContactEmailConsent } = await member.ok<{ setContactEmailConsent: { unsubscribedAt: string | null; emailBlockedReason: string | null } }>(
      CONSENT,
      { id: people.unsubscribed, unsubscribed: false },
    );
    expect(setContactEmailConsent).toEqual(expect.objectContaining({ unsubscribedAt: null, emailBlockedReason: null }));
    await member.ok(CONSENT, { id: people.unsubscribed, unsubscribed: true });
  });

  it('a single send to a contact who may not be emailed is refused with EMAIL_NOT_PERMITTED, and nothing is sent', async () => {
    const send = (contactId: string) => ({ mailboxId: mailbox, contactId, subject: `Step 1 ${suffix}`, body: 'Hello', sequence: 'Onboarding' });
    for (const [who, reason] of [
      ['flagged', 'DO_NOT_EMAIL'],
      ['unsubscribed', 'UNSUBSCRIBED'],
      ['bounced', 'BOUNCED'],
    ] as const) {
      const refused = await member.fails('EMAIL_NOT_PERMITTED', SEND, { input: send(people[who]) });
      expect(refused.extensions).toMatchObject({ reason, argument: 'input.contactId' });
      expect(refused.message).toContain(people[who]);
      expect(sentTo(SALES, addressOf(who))).toEqual([]);
    }
    const sent = await member.ok<{ sendEmail: { contact: { id: string } } }>(SEND, { input: send(people.ok) });
    expect(sent.sendEmail.contact.id).toBe(people.ok);
    expect(sentTo(SALES, addressOf('ok'))).toHaveLength(1);
  });

  it('a campaign skips them and reports each as skipped, sending to the rest once', async () => {
    const input = {
      mailboxId: mailbox,
      campaign: 'Q4 security webinar',
      contactIds: [people.ok, people.flagged, 'con_acme_jane', people.unsubscribed, people.bounced],
      subject: `Q4 webinar ${suffix}`,
      body: 'Join us',
      idempotencyKey: `q4-webinar-${suffix}`,
    };
    const { sendCampaign } = await member.ok<{ sendCampaign: Campaign }>(CAMPAIGN, { input });
    expect(sendCampaign.sent.map((s) => s.contact.id)).toEqual([people.ok, 'con_acme_jane']);
    expect(sendCampaign.sent[1]!.summary).toBe(`Email to Jane Okafor: Q4 webinar ${suffix} (campaign Q4 security webinar)`);
    expect(sendCampaign.skipped).toEqual([
      { contact: { id: people.flagged }, reason: 'DO_NOT_EMAIL' },
      { contact: { id: people.unsubscribed }, reason: 'UNSUBSCRIBED' },
      { contact: { id: people.bounced }, reason: 'BOUNCED' },
    ]);
    const copies = () => graph.messages(SALES, 'sentitems').filter((m) => m.subject === input.subject);
    expect(
      copies()
        .map((m) => m.toRecipients[0]!.emailAddress.address)
        .sort(),
    ).toEqual([addressOf('ok'), 'jane@acmedental.com'].sort());
    // the same call again (a retry) sends nothing more and answers the same entries
    const again = await member.ok<{ sendCampaign: Campaign }>(CAMPAIGN, { input });
    expect(again.sendCampaign.sent.map((s) => s.id)).toEqual(sendCampaign.sent.map((s) => s.id));
    expect(copies()).toHaveLength(2);
  });

  it('demo-2 is untouched by demo’s consent and bounces, and cannot change demo’s contacts', async () => {
    // the same address in demo-2 did not bounce there
    const theirs = await newContact(other, 'cmp_northwind', addressOf('bounced'));
    expect((await other.ok<{ contact: { emailBlockedReason: string | null } }>(CONTACT, { id: theirs })).contact.emailBlockedReason).toBeNull();
    await other.ok(SEND, { input: { mailboxId: otherMailbox, contactId: theirs, subject: `Hello ${suffix}`, body: 'Hi', campaign: 'Intro' } });
    expect(sentTo(OTHER_SALES, addressOf('bounced'))).toHaveLength(1);
    await other.fails('NOT_FOUND', CONSENT, { id: people.ok, doNotEmail: true });
    expect((await member.ok<{ contact: { emailBlockedReason: string | null } }>(CONTACT, { id: people.ok })).contact.emailBlockedReason).toBeNull();
    await other.fails('NOT_FOUND', CAMPAIGN, {
      input: { mailboxId: otherMailbox, campaign: 'x', contactIds: [people.ok], subject: 's', body: 'b' },
    });
  });
});
