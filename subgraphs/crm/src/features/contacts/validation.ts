import { z } from 'zod';
import { countryCode, email, idOf, optionalText, text } from '../../core/parse.ts';

const phone = z.object({ number: text(40), kind: z.enum(['WORK', 'MOBILE', 'HOME', 'OTHER']).nullish() });

const fields = {
  firstName: text(100),
  lastName: z.string().trim().max(100, 'at most 100 characters').nullish(),
  emails: z.array(email).max(10, 'at most 10 addresses').nullish(),
  phones: z.array(phone).max(10, 'at most 10 numbers').nullish(),
  phoneRegion: countryCode.nullish(),
  title: optionalText(200),
  isPrimary: z.boolean().nullish(),
};

export const createContactSchema = z.object({ companyId: idOf, ...fields });
export const updateContactSchema = z.object({ ...fields, firstName: fields.firstName.optional() });

export type CreateContact = z.infer<typeof createContactSchema>;
export type UpdateContact = z.infer<typeof updateContactSchema>;
