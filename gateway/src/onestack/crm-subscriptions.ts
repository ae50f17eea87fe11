import type { GatewayPlugin } from '../plugin.ts';
import { crmSubscriptionFields } from './crm-subscription-fields.ts';

/** The CRM's subscription fields (`companyActivity`, `pipelineUpdated`…), fed by the crm topic's Bus events. */
export function crmSubscriptionsPlugin(): GatewayPlugin {
  return { name: 'crm subscriptions', subscriptionFields: crmSubscriptionFields };
}
