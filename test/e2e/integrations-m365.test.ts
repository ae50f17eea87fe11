import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphClient, createGraphTokenSource, startM365Sync, type M365Apps } from '@onegraph/crm-subgraph';
import { silentLogger } from '@onegraph/log';
import type { OneStackEndpoints } from '@onegraph/onestack-clients';
import type { GraphSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The seed's "CRM + M365 Email" rows, end to end: a Microsoft Graph
 * simulator holds the mailboxes (delta queries with real tokens, two
 * messages a page so every round follows @odata.nextLink) and signs in each
 * organisation's app registration (OAuth client credentials, on the same
 * server); the CRM syncs them and sends through them with bearer tokens;
 * users see the result through the gateway.
 */
const SALES = 'sales@yourmsp.com';
const OTHER_SALES = 'sales@othermsp.com';
/** demo-3: an organisation whose app registration Entra stops accepting; demo-4: one without an app registration. */
const THIRD_SALES = 'sales@thirdmsp.com';

interface EmailEntry {
  id: string;
  type: string;
  source: string;
  summary: string;
  body: string | null;
  direction: string | null;
  createdBy: string | null;
  contact: { id: string } | null;
  company: { id: string };
}
const EMAIL_FIELDS = 'id type source summary body direction createdBy contact { id } company { id }';
const MAILBOX_FIELDS = 'id address connectedBy lastSyncedAt lastError';
const CONNECT = `mutation($address: String!) { connectMailbox(input: { address: $address }) { ${MAILBOX_FIELDS} } }`;
const SYNC = `mutation($id: ID!) { syncMailboxNow(id: $id) { ${MAILBOX_FIELDS} } }`;
const SEND = `mutation($input: SendEmailInput!) { sendEmail(input: $input) { ${EMAIL_FIELDS} } }`;

interface Mailbox {
  id: string;
  address: string;
  connectedBy: string;
  lastSyncedAt: string | null;
  lastError: string | null;
}

describe('CRM + M365 email, on real Kafka through the gateway', () => {
  // Graph is called with tokens alone (of each organisation's app registration, at the simulator: its base URL is both Graph and the identity platform)
  const stack = useStack({
    simulators: {
      graph: { orgs: ['demo', 'demo-2', 'demo-3'], pageSize: 2, mailboxes: { demo: [SALES], 'demo-2': [OTHER_SALES], 'demo-3': [THIRD_SALES] } },
      calls: { backoffMs: 10 },
    },
  });
  let graph: GraphSimulator;
  let products: OneStackEndpoints;
  let apps: M365Apps;
  let admin: CrmClient;
  let member: CrmClient;
  let mailbox: Mailbox;

  const emailsOf = async (scope: 'contact' | 'company', id: string): Promise<EmailEntry[]> => {
    const data = await member.ok<Record<string, { activities: { edges: { node: EmailEntry }[] } }>>(
      `query($id: ID!) { ${scope}(id: $id) { activities(first: 25, filter: { types: [EMAIL] }) { edges { node { ${EMAIL_FIELDS} } } } } }`,
      { id },
    );
    return data[scope]!.activities.edges.map((e) => e.node);
  };
  const withSubject = async (scope: 'contact' | 'company', id: string, subject: string) =>
    (await emailsOf(scope, id)).filter((e) => e.summary.includes(subject));
  const withSubjectOf = async (client: CrmClient, companyId: string, subject: string) =>
    (
      await client.ok<{ company: { activities: { edges: { node: EmailEntry }[] } } }>(
        `query($id: ID!) { company(id: $id) { activities(first: 25, filter: { types: [EMAIL] }) { edges { node { ${EMAIL_FIELDS} } } } } }`,
        { id: companyId },
      )
    ).company.activities.edges
      .map((e) => e.node)
      .filter((e) => e.summary.includes(subject));
  const syncNow = async (client: CrmClient, id: string) => (await client.ok<{ syncMailboxNow: Mailbox }>(SYNC, { id })).syncMailboxNow;

  beforeAll(async () => {
    graph = stack.simulators.graph;
    apps = stack.simulators.m365Apps!;
    products = stack.simulators.products;
    admin = crmClient(stack, 'demo', 'Admin');
    member = crmClient(stack, 'demo');
    mailbox = (await admin.ok<{ connectMailbox: Mailbox }>(CONNECT, { address: 'Sales@YourMSP.com' })).connectMailbox;
  });

  it('M365 → CRM', async () => {
    expect(mailbox).toMatchObject({ address: SALES, connectedBy: 'user-demo' });
    expect((await admin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { ${MAILBOX_FIELDS} } }`)).mailboxes.map((m) => m.id)).toEqual([mailbox.id]);

    // inbox: from a contact (address case differs), from a colleague of a contact with no contact record
    // (company by domain), one to two contacts of one company; sent items: to a contact
    graph.deliver(SALES, {
      from: { address: 'Jane@AcmeDental.com', name: 'Jane Okafor' },
      to: [SALES],
      subject: 'Renewal questions',
      body: 'Can we talk about the renewal?',
    });
    graph.deliver(SALES, { from: 'paralegal@brightlinelegal.com', to: [SALES], subject: 'Printer quote' });
    graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], cc: ['raj@acmedental.com'], subject: 'Site visit Friday' });
    graph.deliver(SALES, { from: 'someone@unknown-co.example', to: [SALES], subject: 'Cold pitch' });
    graph.deliver(SALES, { from: SALES, to: [{ address: 'mlee@brightlinelegal.com', name: 'Morgan Lee' }], subject: 'Proposal attached' }, 'sentitems');

    const synced = await syncNow(admin, mailbox.id);
    expect(synced.lastSyncedAt).not.toBeNull();
    expect(synced.lastError).toBeNull();
    // the first round (at connect) started from scratch; this one had more inbox messages than a page, so it followed a nextLink
    const inboxRequests = graph.deltaRequests.filter((r) => r.mailbox === SALES && r.folder === 'inbox').map((r) => r.token);
    expect(inboxRequests[0]).toBe('none');
    expect(inboxRequests).toContain('skip');

    expect(await withSubject('contact', 'con_acme_jane', 'Renewal questions')).toMatchObject([
      {
        type: 'EMAIL',
        source: 'M365',
        direction: 'INBOUND',
        summary: 'Email from Jane Okafor: Renewal questions',
        body: 'Can we talk about the renewal?',
        createdBy: null,
        company: { id: 'cmp_acme' },
      },
    ]);
    // company by domain: on Brightline's timeline, no contact
    expect(await withSubject('company', 'cmp_brightline', 'Printer quote')).toMatchObject([{ contact: null, company: { id: 'cmp_brightline' } }]);
    // two contacts of one company on one email: one entry
    expect(await withSubject('company', 'cmp_acme', 'Site visit Friday')).toHaveLength(1);
    // sent items: outbound, on the recipient's timeline
    expect(await withSubject('contact', 'con_bright_lee', 'Proposal attached')).toMatchObject([
      { direction: 'OUTBOUND', summary: 'Email to Morgan Lee: Proposal attached' },
    ]);
    // nobody's email is on no timeline
    const all = await member.ok<{ activities: { edges: { node: { summary: string } }[] } }>(
      `{ activities(first: 50, filter: { types: [EMAIL] }) { edges { node { summary } } } }`,
    );
    expect(all.activities.edges.map((e) => e.node.summary).filter((s) => s.includes('Cold pitch'))).toEqual([]);

    // the next sync is incremental: nothing new, nothing twice
    await syncNow(admin, mailbox.id);
    expect(await withSubject('contact', 'con_acme_jane', 'Renewal questions')).toHaveLength(1);
    expect(graph.deltaRequests.filter((r) => r.mailbox === SALES).at(-1)!.token).toBe('delta');
    // authenticated as Graph is: one token for demo's app, fetched once (at connect) and used for every call since,
    // as a bearer token and without an integration key
    const demoCalls = graph.calls.filter((c) => c.org === 'demo');
    expect(demoCalls.length).toBeGreaterThan(6);
    expect(graph.tokenRequests.filter((r) => r.org === 'demo')).toEqual([
      { tenant: apps['demo']!.tenantId, clientId: apps['demo']!.clientId, org: 'demo', outcome: 'issued' },
    ]);
    expect(new Set(demoCalls.map((c) => c.headers['authorization'])).size).toBe(1);
    expect(demoCalls.every((c) => /^Bearer sim\./.test(String(c.headers['authorization'])) && c.headers['x-integration-key'] === undefined)).toBe(true);
  });

  it('renews a token Graph refuses (revoked, or expired early): one new token, and the sync succeeds', async () => {
    graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: 'After revocation' });
    const tokensBefore = graph.tokenRequests.length;
    graph.revokeTokens('demo');
    const synced = await syncNow(admin, mailbox.id);
    expect(synced.lastError).toBeNull();
    expect(graph.tokenRequests.slice(tokensBefore)).toMatchObject([{ org: 'demo', outcome: 'issued' }]);
    expect(await withSubject('contact', 'con_acme_jane', 'After revocation')).toHaveLength(1);
    // the new token is kept: the next sync asks for none
    await syncNow(admin, mailbox.id);
    expect(graph.tokenRequests).toHaveLength(tokensBefore + 1);
  });

  it('reports an app registration Entra refuses on the mailbox, imports nothing, and catches up once it is accepted again', async () => {
    const thirdAdmin = crmClient(stack, 'demo-3', 'Admin');
    const { createCompany } = await thirdAdmin.ok<{ createCompany: { id: string } }>(
      `mutation { createCompany(input: { name: "Third Client", domains: ["thirdclient.example"] }) { id } }`,
    );
    const third = (await thirdAdmin.ok<{ connectMailbox: Mailbox }>(CONNECT, { address: THIRD_SALES })).connectMailbox;
    expect((await syncNow(thirdAdmin, third.id)).lastError).toBeNull();

    // the secret was rotated in Entra and ours is stale; Graph stops taking the token we hold
    const secret = apps['demo-3']!.clientSecret;
    graph.setAppSecret(apps['demo-3']!.clientId, 'rotated~elsewhere');
    graph.revokeTokens('demo-3');
    graph.deliver(THIRD_SALES, { from: 'owner@thirdclient.example', to: [THIRD_SALES], subject: 'While refused' });
    const deltasBefore = graph.deltaRequests.length;
    const refused = await thirdAdmin.fails('DOWNSTREAM_SERVICE_ERROR', SYNC, { id: third.id });
    expect(refused.extensions).toMatchObject({ product: 'm365', retryable: false, status: 401 });
    expect(refused.message).toMatch(/refused the app registration .* of organisation demo-3 \(401 invalid_client: AADSTS7000215/);
    expect(refused.message).not.toContain(secret);
    const listed = (await thirdAdmin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { ${MAILBOX_FIELDS} } }`)).mailboxes;
    expect(listed).toMatchObject([{ id: third.id, lastError: expect.stringMatching(/refused the app registration/) }]);
    expect(graph.deltaRequests.slice(deltasBefore)).toEqual([]);
    expect(await withSubjectOf(thirdAdmin, createCompany.id, 'While refused')).toEqual([]);
    expect(graph.tokenRequests.at(-1)).toMatchObject({ org: 'demo-3', outcome: 'invalid_client' });

    // the organisation's admin fixes it (here: Entra takes our secret again): the mail arrives, once
    graph.setAppSecret(apps['demo-3']!.clientId, secret);
    expect((await syncNow(thirdAdmin, third.id)).lastError).toBeNull();
    expect(await withSubjectOf(thirdAdmin, createCompany.id, 'While refused')).toHaveLength(1);
  });

  it('an organisation without an app registration: its mailboxes are not connected, synced or sent from', async () => {
    const fourthAdmin = crmClient(stack, 'demo-4', 'Admin');
    const refused = await fourthAdmin.fails('DOWNSTREAM_SERVICE_ERROR', CONNECT, { address: 'sales@fourthmsp.com' });
    expect(refused.extensions).toMatchObject({ product: 'm365', retryable: false });
    expect(refused.message).toMatch(/not connected for organisation demo-4: it has no app registration/);
    expect((await fourthAdmin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { id } }`)).mailboxes).toEqual([]);

    // a mailbox connected while the organisation had an app (removed from M365_APP_CREDENTIALS since): not synced, not sent from
    await stack.crm.db.query(
      `INSERT INTO m365_mailboxes (org_id, id, address, connected_by, connected_at) VALUES ('demo-4', 'mbx_left_over', 'sales@fourthmsp.com', 'user-demo-4', now())`,
    );
    const unsynced = await fourthAdmin.fails('DOWNSTREAM_SERVICE_ERROR', SYNC, { id: 'mbx_left_over' });
    expect(unsynced.message).toMatch(/no app registration \(M365_APP_CREDENTIALS\)/);
    const { createCompany } = await fourthAdmin.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Fourth Client" }) { id } }`);
    const { createContact } = await fourthAdmin.ok<{ createContact: { id: string } }>(
      `mutation($companyId: ID!) { createContact(input: { companyId: $companyId, firstName: "Ola", lastName: "Berg", emails: ["ola@fourthclient.example"] }) { id } }`,
      { companyId: createCompany.id },
    );
    const unsent = await fourthAdmin.fails('DOWNSTREAM_SERVICE_ERROR', SEND, {
      input: { mailboxId: 'mbx_left_over', contactId: createContact.id, subject: 'Hello', body: 'x', sequence: 'Onboarding' },
    });
    expect(unsent.message).toMatch(/not connected for organisation demo-4/);
    expect(graph.tokenRequests.filter((r) => r.org === 'demo-4' || r.tenant === 'demo-4')).toEqual([]);
  });

  it('CRM → M365', async () => {
    const input = {
      mailboxId: mailbox.id,
      contactId: 'con_acme_raj',
      subject: 'Welcome to managed services',
      body: 'Hi Raj, step 1 of onboarding…',
      sequence: 'Onboarding',
      idempotencyKey: 'onboarding-raj-1',
    };
    const sent = (await member.ok<{ sendEmail: EmailEntry }>(SEND, { input })).sendEmail;
    expect(sent).toMatchObject({
      type: 'EMAIL',
      source: 'CRM',
      direction: 'OUTBOUND',
      summary: 'Email to Raj Patel: Welcome to managed services (sequence Onboarding)',
      createdBy: 'user-demo',
      contact: { id: 'con_acme_raj' },
      company: { id: 'cmp_acme' },
    });
    // delivered through the connected mailbox, with an idempotency key
    const copies = graph.messages(SALES, 'sentitems').filter((m) => m.subject === input.subject);
    expect(copies.map((m) => m.toRecipients[0]!.emailAddress.address)).toEqual(['raj@acmedental.com']);
    expect(graph.calls.filter((c) => c.path.endsWith('/sendMail')).at(-1)!.idempotencyKey).toMatch(/^sendEmail:/);

    // the sent-items delta returns it: not imported again
    await syncNow(admin, mailbox.id);
    expect((await withSubject('contact', 'con_acme_raj', input.subject)).map((e) => e.id)).toEqual([sent.id]);

    // a retried call sends nothing more
    expect((await member.ok<{ sendEmail: EmailEntry }>(SEND, { input })).sendEmail.id).toBe(sent.id);
    expect(graph.messages(SALES, 'sentitems').filter((m) => m.subject === input.subject)).toHaveLength(1);

    // a campaign email without a key is its own send each time
    const campaign = { mailboxId: mailbox.id, contactId: 'con_acme_jane', subject: 'Q3 security webinar', body: 'Join us', campaign: 'Q3 webinar' };
    await member.ok(SEND, { input: campaign });
    expect(await withSubject('contact', 'con_acme_jane', 'Q3 security webinar')).toMatchObject([
      { summary: 'Email to Jane Okafor: Q3 security webinar (campaign Q3 webinar)' },
    ]);

    await member.fails('BAD_USER_INPUT', SEND, { input: { ...campaign, campaign: undefined } });
    await member.fails('NOT_FOUND', SEND, { input: { ...campaign, mailboxId: 'mbx_nope' } });
    await member.fails('NOT_FOUND', SEND, { input: { ...campaign, contactId: 'con_nope' } });
    await crmClient(stack, 'demo', 'Viewer').fails('FORBIDDEN', SEND, { input: campaign });
  });

  it('does not match a free-email-domain sender to a company', async () => {
    // a sole trader whose company domain is a free provider's, and a contact using gmail
    const company = await admin.ok<{ createCompany: { id: string } }>(
      `mutation { createCompany(input: { name: "Solo Plumbing", domains: ["yahoo.co.uk"] }) { id } }`,
    );
    const contact = await admin.ok<{ createContact: { id: string } }>(
      `mutation { createContact(input: { companyId: "cmp_cobalt", firstName: "Sam", lastName: "Ortiz", emails: ["sam.ortiz@gmail.com"] }) { id } }`,
    );
    graph.deliver(SALES, { from: 'stranger@yahoo.co.uk', to: [SALES], subject: 'Free mail stranger' });
    graph.deliver(SALES, { from: 'Sam.Ortiz@gmail.com', to: [SALES], subject: 'Free mail contact' });
    await syncNow(admin, mailbox.id);
    expect(await emailsOf('company', company.createCompany.id)).toEqual([]);
    // a contact is still matched by the whole address
    expect(await withSubject('contact', contact.createContact.id, 'Free mail contact')).toMatchObject([{ company: { id: 'cmp_cobalt' } }]);
  });

  it('resumes from the stored delta token after a restart: mail delivered meanwhile arrives once', async () => {
    graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: 'Before restart' });
    await syncNow(admin, mailbox.id);
    await stack.crm.m365.stop();
    // while the sync is down: more than a page of mail
    for (const n of [1, 2, 3]) graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: `While down ${n}` });
    const seen = graph.deltaRequests.length;

    // a new worker on the same database, as after a process restart (its first round starts at once)
    const graphClient = createGraphClient({
      baseUrl: products.graph!,
      endpoints: products,
      tokens: createGraphTokenSource({ apps, loginUrl: products.graph! }),
    });
    const restarted = startM365Sync({ db: stack.crm.db, graph: graphClient, log: silentLogger, onOutbox: () => stack.crm.relay.wake() });
    await restarted.syncMailbox('demo', mailbox.id);
    await restarted.stop();

    const after = graph.deltaRequests.slice(seen).filter((r) => r.mailbox === SALES);
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((r) => r.token)).not.toContain('none'); // no round started from scratch
    for (const subject of ['Before restart', 'While down 1', 'While down 2', 'While down 3', 'Renewal questions']) {
      expect(await withSubject('contact', 'con_acme_jane', subject), subject).toHaveLength(1);
    }

    // Graph forgets the stored sync state (410 Gone): the folders are read again from scratch, and still nothing is logged twice
    graph.expireSyncStates();
    graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: 'After expiry' });
    const beforeExpiry = graph.deltaRequests.length;
    expect((await syncNow(admin, mailbox.id)).lastError).toBeNull();
    expect(graph.deltaRequests.slice(beforeExpiry).map((r) => r.token)).toContain('none');
    for (const subject of ['After expiry', 'Before restart', 'While down 1', 'While down 2', 'While down 3', 'Renewal questions']) {
      expect(await withSubject('contact', 'con_acme_jane', subject), subject).toHaveLength(1);
    }
  });

  it('reports a Graph outage with a retryable code, logs nothing, and catches up once Graph is back', async () => {
    graph.setAvailable(false);
    try {
      graph.deliver(SALES, { from: 'jane@acmedental.com', to: [SALES], subject: 'During outage' });
      const down = await admin.fails('SERVICE_UNAVAILABLE', SYNC, { id: mailbox.id });
      expect(down.extensions).toMatchObject({ product: 'm365', retryable: true });
      const listed = (await admin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { ${MAILBOX_FIELDS} } }`)).mailboxes[0]!;
      expect(listed.lastError).toMatch(/m365 is unavailable/);
      const send = { mailboxId: mailbox.id, contactId: 'con_acme_jane', subject: 'Outage send', body: 'x', sequence: 'Onboarding', idempotencyKey: 'outage-1' };
      await member.fails('SERVICE_UNAVAILABLE', SEND, { input: send });
      expect(await withSubject('contact', 'con_acme_jane', 'Outage send')).toEqual([]);
    } finally {
      graph.setAvailable(true);
    }
    expect((await syncNow(admin, mailbox.id)).lastError).toBeNull();
    expect(await withSubject('contact', 'con_acme_jane', 'During outage')).toHaveLength(1);
  });

  it('M365 → CRM, matched later: an email from an address no contact had shows on the contact created afterwards, once', async () => {
    const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id version } }`;
    const UPDATE_CONTACT = `mutation($id: ID!, $v: Int!, $input: UpdateContactInput!) { updateContact(id: $id, expectedVersion: $v, input: $input) { id version } }`;
    // a free-mail sender no contact has (so no company either), and a new hire of Brightline (its domain: the company alone)
    graph.deliver(SALES, {
      from: { address: 'Kim.Lee.Consulting@gmail.com', name: 'Kim Lee' },
      to: [SALES],
      subject: 'Before I was a contact',
      body: 'Hello from Kim',
    });
    graph.deliver(SALES, { from: 'newhire@brightlinelegal.com', to: [SALES], subject: 'From the new hire' });
    await syncNow(admin, mailbox.id);
    const all = async () =>
      (
        await member.ok<{ activities: { edges: { node: { id: string; summary: string } }[] } }>(
          `{ activities(first: 50, filter: { types: [EMAIL] }) { edges { node { id summary } } } }`,
        )
      ).activities.edges.map((e) => e.node);
    expect((await all()).filter((e) => e.summary.includes('Before I was a contact'))).toEqual([]);
    const [byDomain] = await withSubject('company', 'cmp_brightline', 'From the new hire');
    expect(byDomain).toMatchObject({ contact: null });

    // the contact is created through the graph (the address in another case): the earlier email is on its timeline
    const { createCompany } = await member.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Kim Lee Consulting" }) { id } }`);
    const { createContact: kim } = await member.ok<{ createContact: { id: string; version: number } }>(CREATE_CONTACT, {
      input: { companyId: createCompany.id, firstName: 'Kim', lastName: 'Lee', emails: ['kim.lee.consulting@GMAIL.com'] },
    });
    const expected = {
      type: 'EMAIL',
      source: 'M365',
      direction: 'INBOUND',
      summary: 'Email from Kim Lee: Before I was a contact',
      body: 'Hello from Kim',
      contact: { id: kim.id },
      company: { id: createCompany.id },
    };
    const [logged] = await withSubject('contact', kim.id, 'Before I was a contact');
    expect(await withSubject('contact', kim.id, 'Before I was a contact')).toEqual([{ ...expected, id: logged!.id, createdBy: null }]);

    // saved again with the same address, and synced again: nothing more
    await member.ok(UPDATE_CONTACT, { id: kim.id, v: kim.version, input: { emails: ['kim.lee.consulting@gmail.com'], title: 'Owner' } });
    await syncNow(admin, mailbox.id);
    expect((await all()).filter((e) => e.summary.includes('Before I was a contact')).map((e) => e.id)).toEqual([logged!.id]);
    expect((await withSubject('company', createCompany.id, 'Before I was a contact')).map((e) => e.id)).toEqual([logged!.id]);

    // the new hire becomes a contact of Brightline: the entry the company had by domain gains the contact, and is still one
    const { createContact: hire } = await member.ok<{ createContact: { id: string } }>(CREATE_CONTACT, {
      input: { companyId: 'cmp_brightline', firstName: 'Noor', lastName: 'Hale', emails: ['newhire@brightlinelegal.com'] },
    });
    expect(await withSubject('company', 'cmp_brightline', 'From the new hire')).toMatchObject([{ id: byDomain!.id, contact: { id: hire.id } }]);
    expect((await withSubject('contact', hire.id, 'From the new hire')).map((e) => e.id)).toEqual([byDomain!.id]);

    // an existing contact given the address later (an email change) matches the same way
    graph.deliver(SALES, { from: 'raj.home@outlook.com', to: [SALES], subject: 'From Raj’s own address' });
    await syncNow(admin, mailbox.id);
    expect(await withSubject('contact', 'con_acme_raj', 'From Raj’s own address')).toEqual([]);
    const { contact: raj } = await member.ok<{ contact: { version: number; emails: string[] } }>(`{ contact(id: "con_acme_raj") { version emails } }`);
    await member.ok(UPDATE_CONTACT, { id: 'con_acme_raj', v: raj.version, input: { emails: [...raj.emails, 'raj.home@outlook.com'] } });
    expect(await withSubject('contact', 'con_acme_raj', 'From Raj’s own address')).toMatchObject([
      { contact: { id: 'con_acme_raj' }, company: { id: 'cmp_acme' } },
    ]);

    // demo-2: a contact with the same address gets none of demo's mail, and demo's contact is not theirs to see
    const otherMember = crmClient(stack, 'demo-2');
    const { createContact: theirs } = await otherMember.ok<{ createContact: { id: string } }>(CREATE_CONTACT, {
      input: { companyId: 'cmp_northwind', firstName: 'Kim', lastName: 'Lee', emails: ['kim.lee.consulting@gmail.com'] },
    });
    const theirEmails = await otherMember.ok<{ contact: { activities: { edges: unknown[] } } }>(
      `query($id: ID!) { contact(id: $id) { activities(filter: { types: [EMAIL] }) { edges { node { id } } } } }`,
      { id: theirs.id },
    );
    expect(theirEmails.contact.activities.edges).toEqual([]);
    expect((await otherMember.ok<{ contact: unknown }>(`query($id: ID!) { contact(id: $id) { id } }`, { id: kim.id })).contact).toBeNull();
  });

  it('keeps organisations apart: demo-2 never sees demo’s mailboxes or emails', async () => {
    const otherAdmin = crmClient(stack, 'demo-2', 'Admin');
    const theirs = (await otherAdmin.ok<{ connectMailbox: Mailbox }>(CONNECT, { address: OTHER_SALES })).connectMailbox;
    graph.deliver(OTHER_SALES, { from: 'ana@northwindclinics.org', to: [OTHER_SALES], subject: 'Clinic rollout' });
    await syncNow(otherAdmin, theirs.id);
    const otherMember = crmClient(stack, 'demo-2');
    const ana = await otherMember.ok<{ contact: { activities: { edges: { node: { summary: string } }[] } } }>(
      `{ contact(id: "con_north_ana") { activities(filter: { types: [EMAIL] }) { edges { node { summary } } } } }`,
    );
    expect(ana.contact.activities.edges.map((e) => e.node.summary)).toEqual(['Email from ana@northwindclinics.org: Clinic rollout']);

    expect((await otherAdmin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { id } }`)).mailboxes.map((m) => m.id)).toEqual([theirs.id]);
    expect((await admin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { id } }`)).mailboxes.map((m) => m.id)).toEqual([mailbox.id]);
    await otherAdmin.fails('NOT_FOUND', SYNC, { id: mailbox.id });
    await otherAdmin.fails('NOT_FOUND', `mutation($id: ID!) { disconnectMailbox(id: $id) { id } }`, { id: mailbox.id });
    await otherMember.fails('NOT_FOUND', SEND, { input: { mailboxId: mailbox.id, contactId: 'con_north_ana', subject: 'x', body: 'y', sequence: 's' } });
    // demo's mailbox address connected by demo-2: demo-2's app is never given demo's mailbox
    const stolen = (await otherAdmin.ok<{ connectMailbox: Mailbox }>(CONNECT, { address: SALES })).connectMailbox;
    const refused = await otherAdmin.fails('DOWNSTREAM_SERVICE_ERROR', SYNC, { id: stolen.id });
    expect(refused.extensions).toMatchObject({ product: 'm365', status: 403 });
    expect(refused.message).toMatch(/Access is denied/);
    const otherEmails = await otherMember.ok<{ activities: { edges: { node: { summary: string } }[] } }>(
      `{ activities(first: 50, filter: { types: [EMAIL] }) { edges { node { summary } } } }`,
    );
    expect(otherEmails.activities.edges.map((e) => e.node.summary)).toEqual(['Email from ana@northwindclinics.org: Clinic rollout']);
    // a Member does not manage mailboxes
    await otherMember.fails('FORBIDDEN', CONNECT, { address: 'x@othermsp.com' });

    // disconnecting stops the sync and keeps what was logged
    await otherAdmin.ok(`mutation($id: ID!) { disconnectMailbox(id: $id) { id } }`, { id: stolen.id });
    await otherAdmin.ok(`mutation($id: ID!) { disconnectMailbox(id: $id) { id } }`, { id: theirs.id });
    expect((await otherAdmin.ok<{ mailboxes: Mailbox[] }>(`{ mailboxes { id } }`)).mailboxes).toEqual([]);
    await otherAdmin.fails('NOT_FOUND', SYNC, { id: theirs.id });
  });
});
