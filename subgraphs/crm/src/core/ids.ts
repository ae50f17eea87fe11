import { randomUUID } from 'node:crypto';

/** A new row id: the type's prefix and 20 random hex digits (`cmp_…`, `deal_…`). */
export const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
