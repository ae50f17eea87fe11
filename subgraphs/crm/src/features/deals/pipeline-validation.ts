import { z } from 'zod';
import { currency, idOf, percent, text } from '../../core/parse.ts';

const stage = z.object({
  id: idOf.nullish(),
  name: text(100),
  probability: percent,
  kind: z.enum(['OPEN', 'WON', 'LOST']).nullish(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #4f46e5')
    .nullish(),
});

/** A stage list: at least one open stage, exactly one WON and one LOST, unique names. */
export const stages = z
  .array(stage)
  .min(3, 'at least one open stage, a WON and a LOST stage')
  .max(30, 'at most 30 stages')
  .superRefine((list, ctx) => {
    const count = (kind: string) => list.filter((s) => (s.kind ?? 'OPEN') === kind).length;
    if (count('WON') !== 1) ctx.addIssue({ code: 'custom', message: 'exactly one stage must be WON' });
    if (count('LOST') !== 1) ctx.addIssue({ code: 'custom', message: 'exactly one stage must be LOST' });
    if (count('OPEN') < 1) ctx.addIssue({ code: 'custom', message: 'at least one stage must be OPEN' });
    const names = list.map((s) => s.name.toLowerCase());
    if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', message: 'stage names must be unique' });
  });

export const createPipelineSchema = z.object({ name: text(100), currency: currency.nullish(), stages });
export const updatePipelineSchema = z.object({ name: text(100).optional(), currency: currency.optional(), stages: stages.optional() });

export type StageInput = z.infer<typeof stage>;
