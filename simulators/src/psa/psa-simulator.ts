import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createEnvelope, topicOf, type Bus } from '@onegraph/bus';
import { close, listen, type ListenOptions } from '@onegraph/http';

/**
 * A stand-in for The One Stack's PSA, for demos and tests only (production
 * code never imports it). It keeps tickets in memory and speaks PSA's side
 * of the contracts: an HTTP API authenticated with `X-Integration-Key`
 * (each key belongs to one organisation), and `psa.*` events on the Bus.
 */
export interface PsaSimulatorOptions {
  bus: Bus;
  /** Integration keys and the organisation each belongs to. */
  integrationKeys: Record<string, string>;
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

export interface PsaSimulator extends AsyncDisposable {
  listen(options?: ListenOptions): Promise<string>;
  /** Opens a ticket or changes its status, publishing `psa.ticket.activity` as PSA does. */
  recordTicket(orgId: string, input: { ticketId?: string; psaClientId: string; crmCompanyId: string; summary: string; status?: string }): Promise<SimTicket>;
  close(): Promise<void>;
}

const statuses = ['open', 'in_progress', 'waiting_on_client', 'waiting_on_vendor', 'resolved', 'closed'];

export function createPsaSimulator(options: PsaSimulatorOptions): PsaSimulator {
  const tickets = new Map<string, SimTicket>();
  let sequence = 1000;

  async function recordTicket(orgId: string, input: Parameters<PsaSimulator['recordTicket']>[1]): Promise<SimTicket> {
    const existing = input.ticketId ? tickets.get(input.ticketId) : undefined;
    const ticket: SimTicket = existing
      ? { ...existing, status: input.status ?? existing.status, summary: input.summary }
      : {
          id: input.ticketId ?? `tkt_${randomUUID().slice(0, 8)}`,
          number: `${orgId.slice(0, 3).toUpperCase()}-${++sequence}`,
          orgId,
          psaClientId: input.psaClientId,
          crmCompanyId: input.crmCompanyId,
          summary: input.summary,
          status: input.status ?? 'open',
        };
    tickets.set(ticket.id, ticket);
    await options.bus.publish(
      topicOf('psa'),
      createEnvelope({
        type: 'psa.ticket.activity',
        source: 'onestack/psa-simulator',
        orgid: orgId,
        subject: `ticket/${ticket.id}`,
        data: {
          psaClientId: ticket.psaClientId,
          crmCompanyId: ticket.crmCompanyId,
          ticketId: ticket.id,
          ticketNumber: ticket.number,
          summary: ticket.summary,
          status: ticket.status,
          occurredAt: new Date().toISOString(),
        },
      }),
    );
    return ticket;
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown> | undefined> => {
    let text = '';
    for await (const chunk of req as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.length > 64 * 1024) return undefined;
    }
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://psa');
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      const key = req.headers['x-integration-key'];
      const orgId = typeof key === 'string' ? options.integrationKeys[key] : undefined;
      if (!orgId) return send(res, 401, { error: 'invalid or missing X-Integration-Key', code: 'UNAUTHENTICATED' });
      const ticketMatch = /^\/api\/tickets(?:\/([\w-]+))?$/.exec(url.pathname);
      if (ticketMatch && (req.method === 'POST' || req.method === 'PATCH')) {
        const body = await readJson(req);
        const status = body?.['status'];
        if (!body || (status !== undefined && !statuses.includes(String(status)))) {
          return send(res, 400, { error: `body must be JSON; status one of ${statuses.join(', ')}`, code: 'BAD_USER_INPUT' });
        }
        const existing = ticketMatch[1] ? tickets.get(ticketMatch[1]) : undefined;
        if (ticketMatch[1] && (!existing || existing.orgId !== orgId)) return send(res, 404, { error: 'no such ticket', code: 'NOT_FOUND' });
        const psaClientId = String(body['psaClientId'] ?? existing?.psaClientId ?? '');
        const crmCompanyId = String(body['crmCompanyId'] ?? existing?.crmCompanyId ?? '');
        const summary = String(body['summary'] ?? existing?.summary ?? '');
        if (!psaClientId || !crmCompanyId || !summary) {
          return send(res, 400, { error: 'psaClientId, crmCompanyId and summary are required', code: 'BAD_USER_INPUT' });
        }
        const ticket = await recordTicket(orgId, {
          ...(ticketMatch[1] ? { ticketId: ticketMatch[1] } : {}),
          psaClientId,
          crmCompanyId,
          summary,
          ...(status !== undefined ? { status: String(status) } : {}),
        });
        return send(res, existing ? 200 : 201, ticket);
      }
      if (url.pathname === '/api/tickets' && req.method === 'GET') {
        return send(res, 200, [...tickets.values()].filter((t) => t.orgId === orgId));
      }
      return send(res, 404, { error: 'not found', code: 'NOT_FOUND' });
    })().catch(() => send(res, 500, { error: 'internal error', code: 'INTERNAL_SERVER_ERROR' }));
  });

  return {
    listen: (listenOptions) => listen(server, listenOptions),
    recordTicket,
    close: () => close(server),
    [Symbol.asyncDispose]: () => close(server),
  };
}
