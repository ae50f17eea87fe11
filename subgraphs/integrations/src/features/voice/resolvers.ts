import { badInput } from '@onegraph/errors';
import type { ContactCallsResolvers, ContactResolvers } from '../../generated/resolvers-types.ts';
import { RECENT_CALLS_MAX, type ContactCallsRow, type NumberCalls } from './store.ts';

/** One contact's calls from each of their numbers' calls (a call has one external number, so none is counted twice). */
export function mergeNumberCalls(perNumber: readonly NumberCalls[]): ContactCallsRow {
  const recent = perNumber
    .flatMap((n) => n.recent)
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, RECENT_CALLS_MAX);
  return { count: perNumber.reduce((sum, n) => sum + n.count, 0), recent };
}

/**
 * `Contact.calls`: the gateway hands each contact over with its numbers
 * (`@requires(fields: "phones { number }")`); every number of one
 * `_entities` batch is read in one query by the `callsByNumber` loader.
 */
export const contactVoiceFields: Pick<ContactResolvers, 'calls'> = {
  calls: async (contact, _, { loaders }) => {
    // the gateway always sends the numbers this field requires; a representation without them has none to find calls by
    const numbers = 'phones' in contact ? [...new Set(contact.phones.map((p) => p.number))] : [];
    const perNumber = await loaders.callsByNumber.loadMany(numbers);
    return mergeNumberCalls(perNumber.map((n) => (n instanceof Error ? { count: 0, recent: [] } : n)));
  },
};

export const ContactCalls: ContactCallsResolvers = {
  count: (c) => c.count,
  lastCall: (c) => c.recent[0] ?? null,
  recent: (c, { first }) => {
    const size = first ?? 5;
    if (!Number.isInteger(size) || size < 1 || size > RECENT_CALLS_MAX) {
      throw badInput(`first must be between 1 and ${RECENT_CALLS_MAX}`, { argument: 'first', value: size });
    }
    return c.recent.slice(0, size);
  },
};
