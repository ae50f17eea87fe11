import type { Resolvers } from './generated/resolvers-types.ts';
import { parkedEventResolvers } from './features/failed-events/resolvers.ts';
import { companyResolvers } from './features/companies/resolvers.ts';
import { consentResolvers } from './features/consent/resolvers.ts';
import { contactResolvers } from './features/contacts/resolvers.ts';
import { dealResolvers } from './features/deals/resolvers.ts';
import { esignResolvers } from './features/esign/resolvers.ts';
import { healthResolvers } from './features/health/resolvers.ts';
import { m365Resolvers } from './features/m365/resolvers.ts';
import { portalResolvers } from './features/portal/resolvers.ts';
import { psaResolvers } from './features/psa/resolvers.ts';
import { quoteResolvers } from './features/quotes/resolvers.ts';
import { revenueResolvers } from './features/revenue/resolvers.ts';
import { timelineResolvers } from './features/timeline/resolvers.ts';
import { voiceResolvers } from './features/voice/resolvers.ts';
import { DateScalar, DateTime, Decimal } from './scalars.ts';
import { subscriptionResolvers } from './subscriptions.ts';

/**
 * Merges the features' resolver maps type by type (a feature may add fields
 * to another's type, as portal adds `Quote.portalUrl`). A field defined by
 * two features is a mistake, refused at start rather than silently replaced.
 */
export function mergeResolvers(...maps: readonly Resolvers[]): Resolvers {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const into = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields as Record<string, unknown>)) {
        if (field in into) throw new Error(`crm resolvers: ${type}.${field} is defined by two features`);
        into[field] = resolver;
      }
    }
  }
  return merged as Resolvers;
}

/**
 * The crm subgraph's resolvers. Every mutation that writes runs as one unit
 * of work (`mutate`): the write gate, one transaction with its outbox
 * events, then the relay woken. A mutation neither primes nor clears the
 * request's loaders: it returns the row it wrote, and the fields selected on
 * that row load related rows through the loaders, which still hold any row an
 * earlier field of the same request read before a later mutation changed it.
 */
export const resolvers: Resolvers = {
  DateTime,
  Date: DateScalar,
  Decimal,
  ...mergeResolvers(
    companyResolvers,
    contactResolvers,
    dealResolvers,
    timelineResolvers,
    quoteResolvers,
    esignResolvers,
    healthResolvers,
    psaResolvers,
    voiceResolvers,
    portalResolvers,
    m365Resolvers,
    consentResolvers,
    revenueResolvers,
    parkedEventResolvers,
    subscriptionResolvers,
  ),
};
