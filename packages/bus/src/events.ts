import { z } from 'zod';

/**
 * The event types of the Bus and the schema of each one's `data`. An event
 * whose type is listed here is validated against it on publish and on
 * consume; `docs/bus.md` documents them and `schema/events/` holds their
 * JSON Schemas, generated from these.
 */
const id = z.string().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });
/** Money as an exact decimal string, e.g. "1200.50". */
const decimal = z.string().regex(/^-?\d+\.\d{2}$/);
const score = z.number().int().min(0).max(100);
const status = z.string().min(1).max(50);

const companyEvent = z.object({ companyId: id, name: z.string(), status, version: z.number().int() });
const contactEvent = z.object({ contactId: id, companyId: id, version: z.number().int() });
const pipelineEvent = z.object({ pipelineId: id, name: z.string(), stageIds: z.array(id), version: z.number().int() });
const dealEvent = z.object({
  dealId: id,
  companyId: id,
  pipelineId: id,
  stageId: id,
  status: z.enum(['OPEN', 'WON', 'LOST']),
  value: decimal,
  mrr: decimal,
  currency: z.string().length(3),
  version: z.number().int(),
});
const quoteEvent = z.object({
  quoteId: id,
  number: z.string(),
  companyId: id,
  dealId: id.nullable(),
  status,
  total: decimal,
  currency: z.string().length(3),
  shareToken: z.string().nullable(),
  version: z.number().int(),
});
const quoteEvents = {
  'crm.quote.created': quoteEvent,
  'crm.quote.updated': quoteEvent,
  'crm.quote.sent': quoteEvent,
  'crm.quote.viewed': quoteEvent,
  'crm.quote.accepted': quoteEvent,
  'crm.quote.declined': quoteEvent.extend({ reason: z.string().nullable() }),
  'crm.quote.expired': quoteEvent,
} as const;
const esignEvent = z.object({
  documentId: id,
  companyId: id,
  dealId: id.nullable(),
  kind: z.enum(['CONTRACT', 'ADDENDUM', 'PROPOSAL', 'POLICY']),
  status,
  psaContractRef: z.string().nullable(),
  version: z.number().int(),
});
const esignEvents = {
  'crm.esign.requested': esignEvent,
  'crm.esign.sent': esignEvent,
  'crm.esign.viewed': esignEvent,
  'crm.esign.signed': esignEvent.extend({ signedName: z.string() }),
  'crm.esign.declined': esignEvent.extend({ reason: z.string().nullable() }),
} as const;

const invoiceEvent = z.object({
  invoiceId: id,
  /** Books' invoice number, e.g. "INV-1042". */
  number: z.string().min(1).max(50),
  crmCompanyId: id,
  booksClientId: id.optional(),
  /** The CRM deal the billing came from, when Books knows it. */
  crmDealId: id.nullable().optional(),
  total: decimal,
  currency: z.string().length(3),
  issuedAt: isoTime,
  dueAt: isoTime,
});

export const eventDataSchemas = {
  'psa.ticket.activity': z.object({
    psaClientId: id,
    crmCompanyId: id,
    ticketId: id,
    ticketNumber: z.string().min(1).max(50),
    summary: z.string().min(1).max(2000),
    status: z.string().min(1).max(50),
    occurredAt: isoTime.optional(),
  }),
  'psa.csat.recorded': z.object({
    psaClientId: id,
    crmCompanyId: id,
    ticketId: id.optional(),
    /** 1 (very unsatisfied) to 5 (very satisfied). */
    score: z.number().int().min(1).max(5),
    comment: z.string().max(2000).optional(),
    recordedAt: isoTime.optional(),
  }),
  'psa.contract.signed': z.object({
    contractId: id,
    crmDealId: id,
    crmCompanyId: id,
    psaClientId: id,
    signedAt: isoTime,
  }),
  'psa.client.status_changed': z.object({
    psaClientId: id,
    crmCompanyId: id,
    status: z.enum(['active', 'inactive', 'churned']),
    changedAt: isoTime,
  }),
  'psa.contract.changed': z.object({
    contractId: id,
    crmCompanyId: id,
    /** What changed on the contract: one entry a field, old and new values as PSA shows them. */
    changes: z
      .array(z.object({ field: z.string().min(1).max(100), from: z.string().max(500).nullable(), to: z.string().max(500).nullable() }))
      .min(1)
      .max(50),
    crmDealId: id.nullable().optional(),
    changedAt: isoTime.optional(),
  }),
  'psa.client.created': z.object({
    psaClientId: id,
    crmCompanyId: id,
  }),
  'books.invoice.issued': invoiceEvent,
  'books.invoice.paid': invoiceEvent.extend({ paidAt: isoTime }),
  'books.invoice.overdue': invoiceEvent.extend({ overdueSince: isoTime }),
  'voice.call.completed': z.object({
    callId: id,
    direction: z.enum(['inbound', 'outbound']),
    /** Numbers as Voice reports them (E.164 or national); the external party is `from` inbound and `to` outbound. */
    from: z.string().min(1).max(50),
    to: z.string().min(1).max(50),
    startedAt: isoTime,
    durationSeconds: z.number().int().min(0).max(86_400),
    recordingUrl: z.url().max(2000).optional(),
    agentUserId: id,
  }),
  'portal.document.signed': z.object({
    /** The CRM e-sign document (`esg_…`). */
    documentId: id,
    crmCompanyId: id,
    signedName: z.string().min(1).max(200),
    signerEmail: z.email().optional(),
    signedAt: isoTime,
  }),
  'portal.quote.viewed': z.object({
    quoteId: id,
    crmCompanyId: id,
    viewedAt: isoTime,
  }),
  'crm.activity.logged': z.object({
    activityId: id,
    companyId: id,
    contactId: id.nullable().optional(),
    dealId: id.nullable().optional(),
    type: z.string().min(1).max(50).optional(),
    source: z.string().min(1).max(50).optional(),
  }),
  'crm.company.created': companyEvent,
  'crm.company.updated': companyEvent.extend({ changed: z.array(z.string()), previousStatus: status.optional() }),
  'crm.company.promoted': z.object({
    companyId: id,
    name: z.string(),
    domain: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.record(z.string(), z.unknown()).nullable(),
    /** Contacts PSA gets (those with an email). */
    contacts: z.array(
      z.object({ contactId: id, firstName: z.string(), lastName: z.string(), email: z.string(), phone: z.string().nullable(), isPrimary: z.boolean() }),
    ),
    /** Contacts left out: PSA requires an email. */
    skippedContactIds: z.array(id),
    /** Won deals whose recurring services become the PSA contract. */
    wonDealIds: z.array(id),
    /** PSA's client id: the event is emitted once PSA created the client and the company is linked. */
    psaClientId: id,
  }),
  'crm.contact.created': contactEvent,
  'crm.contact.updated': contactEvent.extend({ changed: z.array(z.string()) }),
  'crm.contact.deleted': contactEvent,
  'crm.pipeline.created': pipelineEvent,
  'crm.pipeline.updated': pipelineEvent,
  'crm.deal.created': dealEvent,
  'crm.deal.updated': dealEvent.extend({ changed: z.array(z.string()) }),
  'crm.deal.stage_changed': dealEvent.extend({ fromStageId: id.nullable(), reason: z.string().nullable() }),
  'crm.deal.won': dealEvent.extend({
    /** The deal's title (PSA names the project after it). */
    title: z.string().optional(),
    /** Whether PSA should open a project for the won deal (set on the deal with `requestPsaProject`). */
    createPsaProject: z.boolean().optional(),
    closedAt: isoTime,
    reason: z.string().nullable(),
    /** The contract term in months, when the deal has one (Books' billing setup). */
    termMonths: z.number().int().min(1).max(120).nullable().optional(),
    /** For Books' billing setup: each line's GL account mapping. */
    lineItems: z.array(
      z.object({
        service: z.string(),
        quantity: decimal,
        unitPrice: decimal,
        amount: decimal,
        billing: z.enum(['ONE_OFF', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']),
        glAccount: z.string(),
      }),
    ),
  }),
  'crm.deal.lost': dealEvent.extend({ closedAt: isoTime, reason: z.string() }),
  ...quoteEvents,
  ...esignEvents,
  'crm.health.changed': z.object({
    companyId: id,
    score: z.number().int().min(0).max(100),
    previousScore: z.number().int().min(0).max(100).nullable(),
    risk: z.enum(['LOW', 'MEDIUM', 'HIGH']),
    components: z.object({ engagement: score, csat: score.nullable(), ticketLoad: score.nullable(), billing: score.nullable() }),
    reason: z.string(),
  }),
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventDataSchemas, type);
}
