import { randomUUID } from 'node:crypto';

export function ticketEvent(org: string, data: Partial<Record<string, string>> & { crmCompanyId: string }, id = randomUUID()) {
  return {
    specversion: '1.0' as const,
    id,
    source: 'onestack/psa',
    type: 'psa.ticket.activity',
    time: new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    orgid: org,
    data: {
      psaClientId: 'psa-client-100',
      ticketId: `T-${randomUUID().slice(0, 6)}`,
      ticketNumber: 'ACM-1042',
      summary: 'Printer offline at front desk',
      status: 'open',
      ...data,
    },
  };
}
