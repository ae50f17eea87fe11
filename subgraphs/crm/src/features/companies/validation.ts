import { z } from 'zod';
import { countryCode, domain, httpUrl, idOf, optionalText, tags, text } from '../../core/parse.ts';

export const companyStatuses = ['LEAD', 'PROSPECT', 'ACTIVE', 'CUSTOMER', 'INACTIVE', 'CHURNED', 'SUSPENDED'] as const;

const address = z
  .object({
    street: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postalCode: optionalText(20),
    country: countryCode.nullish(),
  })
  .nullish();

const fields = {
  name: text(200),
  domains: z.array(domain).max(20, 'at most 20 domains').nullish(),
  phone: optionalText(40),
  phoneRegion: countryCode.nullish(),
  website: httpUrl.nullish(),
  address,
  industry: optionalText(100),
  ownerId: idOf.nullish(),
  status: z.enum(companyStatuses).nullish(),
  tags: tags.nullish(),
};

export const createCompanySchema = z.object(fields);
export const updateCompanySchema = z.object({ ...fields, name: fields.name.optional(), statusReason: optionalText(500) });

export type CreateCompany = z.infer<typeof createCompanySchema>;
export type UpdateCompany = z.infer<typeof updateCompanySchema>;
