import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The Bus envelope: a CloudEvents 1.0 event in structured JSON mode, with
 * the extension attribute `orgid` naming the organisation the event belongs
 * to. Every event on every topic has one.
 */
export const envelopeSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(500),
  type: z.string().regex(/^[a-z0-9]+(\.[a-z0-9_]+)+$/, 'a dotted lower-case event type such as psa.ticket.activity'),
  time: z.iso.datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  orgid: z.string().min(1).max(100),
  subject: z.string().max(500).optional(),
  data: z.unknown(),
});

export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

export interface NewEvent<T> {
  type: string;
  source: string;
  orgid: string;
  data: T;
  id?: string;
  time?: string;
  subject?: string;
}

/** Builds an envelope with a fresh id and the current time unless given. */
export function createEnvelope<T>(event: NewEvent<T>): Envelope<T> {
  const envelope: Envelope<T> = {
    specversion: '1.0',
    id: event.id ?? randomUUID(),
    source: event.source,
    type: event.type,
    time: event.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    orgid: event.orgid,
    data: event.data,
  };
  if (event.subject !== undefined) envelope.subject = event.subject;
  return envelope;
}
