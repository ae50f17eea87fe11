import { type z } from 'zod';
import { envelopeSchema, type Envelope } from './envelope.ts';
import { eventDataSchemas, isKnownEventType } from './events.ts';

export type Validation = { ok: true; envelope: Envelope } | { ok: false; reason: string };

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Checks the envelope and, for a known type, its data. */
export function validateEnvelope(value: unknown): Validation {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `invalid envelope: ${describe(parsed.error)}` };
  const envelope = parsed.data as Envelope;
  if (isKnownEventType(envelope.type)) {
    const data = eventDataSchemas[envelope.type].safeParse(envelope.data);
    if (!data.success) return { ok: false, reason: `invalid ${envelope.type} data: ${describe(data.error)}` };
    envelope.data = data.data;
  }
  return { ok: true, envelope };
}

/** Parses a raw message value (bytes or text) into a validated envelope. */
export function decodeMessage(raw: Buffer | string | null): Validation {
  if (raw === null) return { ok: false, reason: 'empty message' };
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  return validateEnvelope(value);
}
