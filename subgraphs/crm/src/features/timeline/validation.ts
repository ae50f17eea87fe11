import { z } from 'zod';
import { httpUrl, idOf, instant, optionalText, parseInput, text } from '../../core/parse.ts';

/** The types a caller may log; the others are the CRM's own (stage changes, quotes, e-sign, tickets). */
export const loggableTypes = ['NOTE', 'CALL', 'EMAIL', 'MEETING', 'TASK'] as const;

export const logActivitySchema = z
  .object({
    type: z.enum(loggableTypes, { error: `one of ${loggableTypes.join(', ')}: the other types are logged by the CRM itself` }),
    summary: text(500),
    body: optionalText(20_000),
    companyId: idOf.nullish(),
    contactId: idOf.nullish(),
    dealId: idOf.nullish(),
    occurredAt: instant.nullish(),
    source: z.enum(['CRM', 'PSA', 'BOOKS', 'VOICE', 'PORTAL', 'M365']).nullish(),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400 * 7)
      .nullish(),
    recordingUrl: httpUrl.nullish(),
    direction: z.enum(['INBOUND', 'OUTBOUND']).nullish(),
  })
  .refine((a) => a.companyId || a.contactId || a.dealId, { message: 'give companyId, contactId or dealId', path: ['companyId'] });

const timeFilterSchema = z.object({ since: instant.nullish(), until: instant.nullish() });

/** `since`/`until` of a timeline filter, checked. */
export function timeRange(filter: { since?: unknown; until?: unknown } | null | undefined): { since: Date | null; until: Date | null } {
  const f = parseInput(timeFilterSchema, { since: filter?.since ?? null, until: filter?.until ?? null }, 'filter');
  return { since: f.since ?? null, until: f.until ?? null };
}
