import { randomUUID } from 'node:crypto';
import { createEnvelope, topicOf, type Bus, type Envelope, type EventData, type EventType } from '@onegraph/bus';
import type { ListenOptions } from '@onegraph/http';
import { createSimServer, fail, ok, type SimRequest, type SimResponse } from '../sim-http.ts';
import { psaGraphCalls, type PsaGraphCalls } from './psa-graph.ts';

/**
 * A stand-in for The One Stack's PSA, for demos and tests only (production
 * code never imports it). It keeps clients, projects and tickets in memory
 * and speaks PSA's side of the contracts: an HTTP API authenticated with
 * `X-Integration-Key` (each key belongs to one organisation; writes honour
 * `Idempotency-Key`), `psa.*` events on the Bus, and PSA's own calls to
 * the graph with the organisation's integration key (`sidebar`,
 * `quickQuote`, see `psa-graph.ts`).
 */
export interface PsaSimulatorOptions {
  bus: Bus;
  /** The keys One Graph presents to PSA (`CRM_INTEGRATION_KEY`), and the organisation each belongs to. */
  integrationKeys: Record<string, string>;
  /** The graph PSA calls, and PSA's integration key per organisation (issued by the integrations subgraph); also settable later with `connectGraph`. */
  graph?: { url: string; integrationKeys: Record<string, string> };
}

export interface SimTicket {
  id: string;
  number: string;
  orgId: string;
  psaClientId: string;
  crmCompanyId: string;
  summary: string;
  status: string;
}

export interface SimClient {
  id: string;
  orgId: string;
  crmCompanyId: string;
  name: string;
  status: 'active' | 'inactive' | 'churned';
  contacts: unknown[];
  contractLines: unknown[];
}

export interface SimProject {
  id: string;
  orgId: string;
  crmDealId: string;
  crmCompanyId: string;
  name: string;
  status: string;
}

export interface PsaSimulator extends AsyncDisposable, PsaGraphCalls {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /**
   * false: every API call answers 503, as during an outage (events published
   * by the helpers below still flow); with `org`, only that organisation's
   * calls (an outage of its tenant).
   */
  setAvailable(available: boolean, org?: string): void;
  /** The next `count` writes are done but their answers lost (the connection closed), as when a timeout hits after PSA created the record. */
  loseAnswers(count: number): void;
  /** Where PSA's own calls to the graph go, with PSA's integration key per organisation. */
  connectGraph(url: string, integrationKeys: Record<string, string>): void;
  /** The organisation's PSA clients and projects, as PSA holds them. */
  clients(orgId: string): SimClient[];
  projects(orgId: string): SimProject[];
  /** Every event PSA published, oldest first (a test replays the stream with them). */
  readonly published: readonly Envelope[];
  /** Calls One Graph made to PSA's API. */
  readonly calls: readonly { method: string; path: string; org: string; idempotencyKey: string | undefined }[];
  /** Opens a ticket or changes its status, publishing `psa.ticket.activity` as PSA does. */
  recordTicket(orgId: string, input: { ticketId?: string; psaClientId: string; crmCompanyId: string; summary: string; status?: string }): Promise<SimTicket>;
  /** A client rates support: `psa.csat.recorded`. */
  recordCsat(orgId: string, input: { psaClientId: string; crmCompanyId: string; score: number; ticketId?: string; comment?: string }): Promise<Envelope>;
  /** The client signs a contract for a CRM deal: `psa.contract.signed`. */
  signContract(orgId: string, input: { crmDealId: string; crmCompanyId: string; psaClientId: string; contractId?: string }): Promise<Envelope>;
  /** A client becomes active, inactive or churned: `psa.client.status_changed`. */
  changeClientStatus(orgId: string, input: { psaClientId: string; crmCompanyId: string; status: 'active' | 'inactive' | 'churned' }): Promise<Envelope>;
  /** A contract's terms change: `psa.contract.changed`. */
  changeContract(
    orgId: string,
    input: { contractId: string; crmCompanyId: string; changes: { field: string; from: string | null; to: string | null }[]; crmDealId?: string },
  ): Promise<Envelope>;
}

const ticketStatuses = ['open', 'in_progress', 'waiting_on_client', 'waiting_on_vendor', 'resolved', 'closed'];
const short = () => randomUUID().slice(0, 8);
const text = (body: Record<string, unknown> | undefined, field: string): string | undefined => {
  const value = body?.[field];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

export function createPsaSimulator(options: PsaSimulatorOptions): PsaSimulator {
  const tickets = new Map<string, SimTicket>();
  const clients = new Map<string, SimClient>();
  const projects = new Map<string, SimProject>();
  const published: Envelope[] = [];
  let sequence = 1000;
  let graph = options.graph;

  async function publish<T extends EventType>(orgId: string, type: T, subject: string, data: EventData<T>): Promise<Envelope> {
    const event = createEnvelope({ type, source: 'onestack/psa-simulator', orgid: orgId, subject, data });
    await options.bus.publish(topicOf('psa'), event);
    published.push(event);
    return event;
  }

  async function recordTicket(orgId: string, input: Parameters<PsaSimulator['recordTicket']>[1]): Promise<SimTicket> {
    const existing = input.ticketId ? tickets.get(input.ticketId) : undefined;
    const ticket: SimTicket = existing
      ? { ...existing, status: input.status ?? existing.status, summary: input.summary }
      : {
          id: input.ticketId ?? `tkt_${short()}`,
          number: `${orgId.slice(0, 3).toUpperCase()}-${++sequence}`,
          orgId,
          psaClientId: input.psaClientId,
          crmCompanyId: input.crmCompanyId,
          summary: input.summary,
          status: input.status ?? 'open',
        };
    tickets.set(ticket.id, ticket);
    await publish(orgId, 'psa.ticket.activity', `ticket/${ticket.id}`, {
      psaClientId: ticket.psaClientId,
      crmCompanyId: ticket.crmCompanyId,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      summary: ticket.summary,
      status: ticket.status,
      occurredAt: new Date().toISOString(),
    });
    return ticket;
  }

  async function saveTicket(request: SimRequest): Promise<SimResponse> {
    const { body, org } = request;
    const status = body?.['status'];
    if (status !== undefined && !ticketStatuses.includes(String(status)))
      return fail(400, 'BAD_USER_INPUT', `status must be one of ${ticketStatuses.join(', ')}`);
    const ticketId = request.params[0] || undefined;
    const existing = ticketId ? tickets.get(ticketId) : undefined;
    if (ticketId && (!existing || existing.orgId !== org)) return fail(404, 'NOT_FOUND', 'no such ticket');
    const psaClientId = text(body, 'psaClientId') ?? existing?.psaClientId;
    const crmCompanyId = text(body, 'crmCompanyId') ?? existing?.crmCompanyId;
    const summary = text(body, 'summary') ?? existing?.summary;
    if (!psaClientId || !crmCompanyId || !summary) return fail(400, 'BAD_USER_INPUT', 'psaClientId, crmCompanyId and summary are required');
    const ticket = await recordTicket(org, {
      ...(ticketId ? { ticketId } : {}),
      psaClientId,
      crmCompanyId,
      summary,
      ...(status !== undefined ? { status: String(status) } : {}),
    });
    return ok(ticket, existing ? 200 : 201);
  }

  /** `POST /api/clients`: one client per CRM company (the Idempotency-Key replay of sim-http makes a retried call get the same answer). */
  async function createClient({ org, body }: SimRequest): Promise<SimResponse> {
    const crmCompanyId = text(body, 'crmCompanyId');
    const name = text(body, 'name');
    if (!crmCompanyId || !name) return fail(400, 'BAD_USER_INPUT', 'crmCompanyId and name are required');
    const existing = [...clients.values()].find((c) => c.orgId === org && c.crmCompanyId === crmCompanyId);
    if (existing) return ok(existing);
    const client: SimClient = {
      id: `psa-cl-${short()}`,
      orgId: org,
      crmCompanyId,
      name,
      status: 'active',
      contacts: Array.isArray(body?.['contacts']) ? (body['contacts'] as unknown[]) : [],
      contractLines: Array.isArray(body?.['contractLines']) ? (body['contractLines'] as unknown[]) : [],
    };
    clients.set(client.id, client);
    await publish(org, 'psa.client.created', `client/${client.id}`, { psaClientId: client.id, crmCompanyId });
    return ok(client, 201);
  }

  function createProject({ org, body }: SimRequest): SimResponse {
    const crmDealId = text(body, 'crmDealId');
    const crmCompanyId = text(body, 'crmCompanyId');
    const name = text(body, 'name');
    if (!crmDealId || !crmCompanyId || !name) return fail(400, 'BAD_USER_INPUT', 'crmDealId, crmCompanyId and name are required');
    const project: SimProject = { id: `psa-prj-${short()}`, orgId: org, crmDealId, crmCompanyId, name, status: 'planned' };
    projects.set(project.id, project);
    return ok(project, 201);
  }

  const server = createSimServer({
    name: 'PSA',
    integrationKeys: options.integrationKeys,
    routes: [
      { method: 'POST', path: /^\/api\/clients$/, handler: createClient },
      {
        method: 'GET',
        path: /^\/api\/clients$/,
        handler: ({ org, url }) => {
          const ids = url.searchParams.get('ids')?.split(',').filter(Boolean);
          return ok([...clients.values()].filter((c) => c.orgId === org && (!ids || ids.includes(c.id))));
        },
      },
      { method: 'POST', path: /^\/api\/projects$/, handler: createProject },
      { method: 'GET', path: /^\/api\/projects$/, handler: ({ org }) => ok([...projects.values()].filter((p) => p.orgId === org)) },
      { method: 'POST', path: /^\/api\/tickets$/, handler: saveTicket },
      { method: 'PATCH', path: /^\/api\/tickets\/([\w-]+)$/, handler: saveTicket },
      { method: 'GET', path: /^\/api\/tickets$/, handler: ({ org }) => ok([...tickets.values()].filter((t) => t.orgId === org)) },
    ],
  });

  const graphCalls = psaGraphCalls(() => {
    if (!graph) throw new Error('PSA simulator: no graph connected (connectGraph)');
    return graph;
  });

  return {
    ...graphCalls,
    ...server,
    connectGraph(url, integrationKeys) {
      graph = { url, integrationKeys };
    },
    clients: (orgId) => [...clients.values()].filter((c) => c.orgId === orgId),
    projects: (orgId) => [...projects.values()].filter((p) => p.orgId === orgId),
    published,
    recordTicket,
    recordCsat: (orgId, input) =>
      publish(orgId, 'psa.csat.recorded', `client/${input.psaClientId}`, {
        psaClientId: input.psaClientId,
        crmCompanyId: input.crmCompanyId,
        score: input.score,
        ...(input.ticketId ? { ticketId: input.ticketId } : {}),
        ...(input.comment ? { comment: input.comment } : {}),
        recordedAt: new Date().toISOString(),
      }),
    signContract: (orgId, input) => {
      const contractId = input.contractId ?? `ctr-${short()}`;
      return publish(orgId, 'psa.contract.signed', `contract/${contractId}`, {
        contractId,
        crmDealId: input.crmDealId,
        crmCompanyId: input.crmCompanyId,
        psaClientId: input.psaClientId,
        signedAt: new Date().toISOString(),
      });
    },
    changeClientStatus: (orgId, input) => {
      const client = clients.get(input.psaClientId);
      if (client && client.orgId === orgId) client.status = input.status;
      return publish(orgId, 'psa.client.status_changed', `client/${input.psaClientId}`, { ...input, changedAt: new Date().toISOString() });
    },
    changeContract: (orgId, input) =>
      publish(orgId, 'psa.contract.changed', `contract/${input.contractId}`, {
        contractId: input.contractId,
        crmCompanyId: input.crmCompanyId,
        changes: input.changes,
        ...(input.crmDealId ? { crmDealId: input.crmDealId } : {}),
        changedAt: new Date().toISOString(),
      }),
  };
}
