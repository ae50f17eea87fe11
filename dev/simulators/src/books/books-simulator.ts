import { randomUUID } from 'node:crypto';
import { createEnvelope, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import type { ListenOptions } from '@onegraph/http';
import { createSimServer, fail, ok, type SimServer } from '../sim-http.ts';

/**
 * A stand-in for The One Stack's Books, for demos and tests only. Its API
 * takes client billing setups from One Graph (`POST /api/billing-setups`,
 * `X-Integration-Key`, `Idempotency-Key`), their amendments when a won
 * deal changes (`POST /api/billing-setups/{id}/amendments`, one per deal
 * version) and their cancellation when the deal is reopened or lost
 * (`POST /api/billing-setups/{id}/cancel`); its helpers play what Books'
 * users do (issue an invoice, record a payment, chase an overdue one) and
 * publish the `books.invoice.*` events Books publishes.
 */
export interface BooksSimulatorOptions {
  bus: Bus;
  /** Integration keys One Graph presents, and the organisation each belongs to. */
  integrationKeys: Record<string, string>;
}

export interface SimBillingSetup {
  id: string;
  org: string;
  /** `cancelled` once One Graph reported the deal reopened or lost. */
  status: 'active' | 'cancelled';
  cancelReason: 'DEAL_REOPENED' | 'DEAL_LOST' | null;
  /** The deal version the cancellation came with. */
  cancelledAtDealVersion: number | null;
  crmDealId: string;
  crmCompanyId: string;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: { service: string; amount: string; billing: string; glAccount: string }[];
  createdAt: string;
}

/** A won deal's later terms, as Books took them (one per deal version). */
export interface SimBillingAmendment {
  id: string;
  org: string;
  setupId: string;
  crmDealVersion: number;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: { service: string; amount: string; billing: string; glAccount: string }[];
  createdAt: string;
}

export interface SimInvoice {
  id: string;
  org: string;
  number: string;
  crmCompanyId: string;
  crmDealId: string | null;
  total: string;
  currency: string;
  issuedAt: string;
  dueAt: string;
  status: 'issued' | 'paid' | 'overdue';
  paidAt: string | null;
  overdueSince: string | null;
}

export type InvoiceEventType = 'books.invoice.issued' | 'books.invoice.paid' | 'books.invoice.overdue';

export interface BooksSimulator extends AsyncDisposable, Pick<SimServer, 'setAvailable' | 'calls'> {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /** The billing setups Books holds for an organisation, oldest first. */
  billingSetups(org: string): SimBillingSetup[];
  /** The amendments Books took for an organisation, oldest first. */
  billingAmendments(org: string): SimBillingAmendment[];
  /**
   * Plays Books refusing every billing setup write (create, amend, cancel)
   * of `org` with a 422 and this message, as Books refuses what it cannot
   * bill (a GL account closed in its chart, say); null accepts them again.
   */
  refuseBilling(org: string, message: string | null): void;
  /** Issues an invoice and publishes `books.invoice.issued`. */
  issueInvoice(
    org: string,
    input: { crmCompanyId: string; total: string; currency?: string; crmDealId?: string; issuedAt?: string; dueAt?: string },
  ): Promise<{ invoice: SimInvoice; event: Envelope }>;
  /** Records a payment and publishes `books.invoice.paid`. */
  payInvoice(org: string, invoiceId: string, paidAt?: string): Promise<{ invoice: SimInvoice; event: Envelope }>;
  /** Marks an invoice overdue and publishes `books.invoice.overdue`. */
  markOverdue(org: string, invoiceId: string, overdueSince?: string): Promise<{ invoice: SimInvoice; event: Envelope }>;
  /** A new event of an invoice as it stands, not published (to replay or reorder in tests). */
  invoiceEvent(org: string, invoiceId: string, type: InvoiceEventType): Envelope;
}

const decimal = /^-?\d+\.\d{2}$/;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** What Books checks of a setup's or an amendment's terms. */
function termsProblems(body: Record<string, unknown>): string[] {
  const lines = body['lines'];
  return [
    ...(['contractValue', 'mrr'] as const)
      .filter((k) => typeof body[k] !== 'string' || !decimal.test(body[k] as string))
      .map((k) => `${k} must be a decimal string`),
    ...(typeof body['currency'] === 'string' && /^[A-Z]{3}$/.test(body['currency']) ? [] : ['currency must be an ISO 4217 code']),
    ...(Array.isArray(lines) &&
    lines.every((l: Record<string, unknown>) => isText(l['service']) && typeof l['glAccount'] === 'string' && /^\d{3,10}$/.test(l['glAccount']))
      ? []
      : ['lines must each have a service and a numeric glAccount']),
  ];
}

const termsOf = (body: Record<string, unknown>) => ({
  contractValue: body['contractValue'] as string,
  mrr: body['mrr'] as string,
  currency: body['currency'] as string,
  termMonths: typeof body['termMonths'] === 'number' ? body['termMonths'] : null,
  lines: (body['lines'] as Record<string, string>[]).map((l) => ({
    service: l['service']!,
    amount: l['amount']!,
    billing: l['billing']!,
    glAccount: l['glAccount']!,
  })),
});

export function createBooksSimulator(options: BooksSimulatorOptions): BooksSimulator {
  const setups: SimBillingSetup[] = [];
  const amendments: SimBillingAmendment[] = [];
  const refusals = new Map<string, string>();
  const invoices = new Map<string, SimInvoice>();
  let sequence = 1000;
  /** The organisation's setup `id` as Books writes to it: 404 when it holds none, 422 while Books refuses the organisation's writes. */
  const setupToWrite = (org: string, id: string | undefined) => {
    const setup = setups.find((s) => s.id === id && s.org === org);
    if (!setup) return { failure: fail(404, 'NOT_FOUND', `no billing setup ${id}`) };
    const refused = refusals.get(org);
    if (refused) return { failure: fail(422, 'BAD_USER_INPUT', refused) };
    return { setup };
  };

  const server = createSimServer({
    name: 'Books',
    integrationKeys: options.integrationKeys,
    routes: [
      {
        method: 'POST',
        path: /^\/api\/billing-setups$/,
        handler: ({ org, body = {} }) => {
          const refused = refusals.get(org);
          if (refused) return fail(422, 'BAD_USER_INPUT', refused);
          const problems = [...(['crmDealId', 'crmCompanyId'] as const).filter((k) => !isText(body[k])).map((k) => `${k} is required`), ...termsProblems(body)];
          if (problems.length) return fail(400, 'BAD_USER_INPUT', problems.join('; '));
          const setup: SimBillingSetup = {
            id: `bks_${randomUUID().slice(0, 8)}`,
            org,
            status: 'active',
            cancelReason: null,
            cancelledAtDealVersion: null,
            crmDealId: body['crmDealId'] as string,
            crmCompanyId: body['crmCompanyId'] as string,
            ...termsOf(body),
            createdAt: new Date().toISOString(),
          };
          setups.push(setup);
          return ok(setup, 201);
        },
      },
      {
        method: 'POST',
        path: /^\/api\/billing-setups\/([^/]+)\/amendments$/,
        handler: ({ org, params: [id], body = {} }) => {
          const found = setupToWrite(org, id);
          if ('failure' in found) return found.failure;
          const { setup } = found;
          if (setup.status !== 'active') return fail(409, 'CONFLICT', `billing setup ${id} is cancelled (${setup.cancelReason})`);
          const version = body['crmDealVersion'];
          const problems = [...(Number.isInteger(version) ? [] : ['crmDealVersion must be an integer']), ...termsProblems(body)];
          if (problems.length) return fail(400, 'BAD_USER_INPUT', problems.join('; '));
          if (amendments.some((a) => a.setupId === setup.id && a.crmDealVersion === version))
            return fail(409, 'CONFLICT', `billing setup ${id} was amended at deal version ${String(version)} already`);
          const amendment: SimBillingAmendment = {
            id: `bka_${randomUUID().slice(0, 8)}`,
            org,
            setupId: setup.id,
            crmDealVersion: version as number,
            ...termsOf(body),
            createdAt: new Date().toISOString(),
          };
          amendments.push(amendment);
          // the setup bills the amended terms from now on
          Object.assign(setup, termsOf(body));
          return ok(amendment, 201);
        },
      },
      {
        method: 'POST',
        path: /^\/api\/billing-setups\/([^/]+)\/cancel$/,
        handler: ({ org, params: [id], body = {} }) => {
          const found = setupToWrite(org, id);
          if ('failure' in found) return found.failure;
          const { setup } = found;
          const reason = body['reason'];
          const version = body['crmDealVersion'];
          if ((reason !== 'DEAL_REOPENED' && reason !== 'DEAL_LOST') || !Number.isInteger(version))
            return fail(400, 'BAD_USER_INPUT', 'reason must be DEAL_REOPENED or DEAL_LOST, crmDealVersion an integer');
          Object.assign(setup, { status: 'cancelled', cancelReason: reason, cancelledAtDealVersion: version });
          return ok(setup);
        },
      },
    ],
  });

  const eventOf = (invoice: SimInvoice, type: InvoiceEventType): Envelope =>
    createEnvelope({
      type,
      source: 'onestack/books-simulator',
      orgid: invoice.org,
      subject: `invoice/${invoice.id}`,
      data: {
        invoiceId: invoice.id,
        number: invoice.number,
        crmCompanyId: invoice.crmCompanyId,
        crmDealId: invoice.crmDealId,
        total: invoice.total,
        currency: invoice.currency,
        issuedAt: invoice.issuedAt,
        dueAt: invoice.dueAt,
        ...(type === 'books.invoice.paid' ? { paidAt: invoice.paidAt! } : {}),
        ...(type === 'books.invoice.overdue' ? { overdueSince: invoice.overdueSince! } : {}),
      },
    });

  const invoiceOf = (org: string, id: string) => {
    const invoice = invoices.get(id);
    if (!invoice || invoice.org !== org) throw new Error(`Books simulator: no invoice ${id} in ${org}`);
    return invoice;
  };
  const publish = async (invoice: SimInvoice, type: InvoiceEventType) => {
    const event = eventOf(invoice, type);
    await options.bus.publish(topicOf('books'), event);
    return { invoice: { ...invoice }, event };
  };

  return {
    ...server,
    billingSetups: (org) => setups.filter((s) => s.org === org),
    billingAmendments: (org) => amendments.filter((a) => a.org === org),
    refuseBilling(org, message) {
      if (message === null) refusals.delete(org);
      else refusals.set(org, message);
    },
    async issueInvoice(org, input) {
      const issuedAt = input.issuedAt ?? new Date().toISOString();
      const invoice: SimInvoice = {
        id: `inv_${randomUUID().slice(0, 8)}`,
        org,
        number: `INV-${++sequence}`,
        crmCompanyId: input.crmCompanyId,
        crmDealId: input.crmDealId ?? null,
        total: input.total,
        currency: input.currency ?? 'USD',
        issuedAt,
        dueAt: input.dueAt ?? new Date(Date.parse(issuedAt) + 30 * 86_400_000).toISOString(),
        status: 'issued',
        paidAt: null,
        overdueSince: null,
      };
      invoices.set(invoice.id, invoice);
      return publish(invoice, 'books.invoice.issued');
    },
    async payInvoice(org, invoiceId, paidAt) {
      const invoice = invoiceOf(org, invoiceId);
      Object.assign(invoice, { status: 'paid', paidAt: paidAt ?? new Date().toISOString() });
      return publish(invoice, 'books.invoice.paid');
    },
    async markOverdue(org, invoiceId, overdueSince) {
      const invoice = invoiceOf(org, invoiceId);
      Object.assign(invoice, { status: 'overdue', overdueSince: overdueSince ?? invoice.dueAt });
      return publish(invoice, 'books.invoice.overdue');
    },
    invoiceEvent: (org, invoiceId, type) => eventOf(invoiceOf(org, invoiceId), type),
  };
}
