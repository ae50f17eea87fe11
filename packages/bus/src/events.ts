import { z } from 'zod';

/**
 * The event types of the Bus and the schema of each one's `data`. An event
 * whose type is listed here is validated against it on publish and on
 * consume; `docs/bus.md` documents them and `schema/events/` holds their
 * JSON Schemas, generated from these.
 */
const id = z.string().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });

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
  'crm.activity.logged': z.object({
    activityId: id,
    companyId: id,
    contactId: id.nullable().optional(),
    dealId: id.nullable().optional(),
    type: z.string().min(1).max(50).optional(),
  }),
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(eventDataSchemas, type);
}
