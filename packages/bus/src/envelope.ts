import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { currentTraceCarrier } from '@onegraph/tracing';

/**
 * The Bus envelope: a CloudEvents 1.0 event in structured JSON mode, with
 * the extension attribute `orgid` naming the organisation the event belongs
 * to. Every event on every topic has one. `traceparent`/`tracestate` (the
 * CloudEvents distributed-tracing extension) link it to the trace that
 * produced it, when tracing is on.
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
  // CloudEvents Distributed Tracing extension: the W3C trace context of the span that produced the event
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent')
    .optional(),
  tracestate: z.string().max(512).optional(),
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

/** Builds an envelope with a fresh id and the current time unless given, carrying the active trace context if any. */
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
  // the trace that creates the event, when one is active (tracing on)
  Object.assign(envelope, currentTraceCarrier());
  return envelope;
}
