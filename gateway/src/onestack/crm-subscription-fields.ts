import { topicOf } from '@onegraph/bus';
import type { SubscriptionFieldSpec } from '../subscriptions/field-spec.ts';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const present = (...values: (string | undefined)[]): string[] => values.filter((v): v is string => v !== undefined);

/** A guard that one record, given by one argument, is readable. */
function readable(queryField: string, type: string, argument: string): NonNullable<SubscriptionFieldSpec['guard']> {
  return {
    query: `query SubscriptionGuard($id: ID!) { result: ${queryField}(id: $id) { id } }`,
    variables: (args) => ({ id: args[argument] }),
    missing: (data, args) => (data['result'] ? undefined : [type, String(args[argument])]),
  };
}

const DEAL_EVENTS = ['crm.deal.created', 'crm.deal.updated', 'crm.deal.stage_changed', 'crm.deal.won', 'crm.deal.lost'] as const;
/** `pipelineUpdated` subscribers listen on `<pipelineId or *>|<companyId or *>`. */
const ANY = '*';

/**
 * The CRM's subscription fields (crm SDL: `Subscription`): which Bus events
 * feed each, and how a subscriber's arguments pick them. Installed by the
 * One Stack deployment (`crmSubscriptionsPlugin`).
 */
export const crmSubscriptionFields: Record<string, SubscriptionFieldSpec> = {
  companyActivity: {
    permission: 'crm.activities.read',
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => str(data['activityId']),
    keyOf: (args) => String(args['companyId']),
    keysOf: (data) => present(str(data['companyId'])),
    guard: readable('company', 'Company', 'companyId'),
  },
  contactActivity: {
    permission: 'crm.activities.read',
    topic: topicOf('crm'),
    eventTypes: ['crm.activity.logged'],
    entityField: 'activity',
    entityId: (data) => str(data['activityId']),
    keyOf: (args) => String(args['contactId']),
    keysOf: (data) => present(str(data['contactId'])),
    guard: readable('contact', 'Contact', 'contactId'),
  },
  dealUpdated: {
    permission: 'crm.deals.read',
    topic: topicOf('crm'),
    eventTypes: DEAL_EVENTS,
    entityField: 'deal',
    entityId: (data) => str(data['dealId']),
    keyOf: (args) => String(args['dealId']),
    keysOf: (data) => present(str(data['dealId'])),
    guard: readable('deal', 'Deal', 'dealId'),
  },
  pipelineUpdated: {
    permission: 'crm.deals.read',
    topic: topicOf('crm'),
    eventTypes: DEAL_EVENTS,
    entityField: 'deal',
    entityId: (data) => str(data['dealId']),
    // both filters optional: none is the organisation's every deal
    keyOf: (args) => `${str(args['pipelineId']) ?? ANY}|${str(args['companyId']) ?? ANY}`,
    keysOf: (data) => {
      const pipeline = str(data['pipelineId']);
      const company = str(data['companyId']);
      if (!pipeline || !company) return [];
      return [`${pipeline}|${company}`, `${pipeline}|${ANY}`, `${ANY}|${company}`, `${ANY}|${ANY}`];
    },
    guard: {
      query: `query SubscriptionGuard($pipelineId: ID!, $companyId: ID!, $byPipeline: Boolean!, $byCompany: Boolean!) {
        pipeline(id: $pipelineId) @include(if: $byPipeline) { id }
        company(id: $companyId) @include(if: $byCompany) { id }
      }`,
      variables: (args) => ({
        pipelineId: str(args['pipelineId']) ?? '',
        companyId: str(args['companyId']) ?? '',
        byPipeline: str(args['pipelineId']) !== undefined,
        byCompany: str(args['companyId']) !== undefined,
      }),
      missing: (data, args) => {
        const pipeline = str(args['pipelineId']);
        const company = str(args['companyId']);
        if (pipeline && !data['pipeline']) return ['Pipeline', pipeline];
        if (company && !data['company']) return ['Company', company];
        return undefined;
      },
    },
  },
};
