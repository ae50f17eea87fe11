import { topicOf, type Bus, type BusConsumer, type EventData } from '@onegraph/bus';
import { markProcessed, wasProcessed, type Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { PsaClient } from '@onegraph/onestack-clients';
import { psaProjectsByDealIds, recordPsaProject } from '../store/psa-projects.ts';
import type { ConsumerRetryOptions } from './retry-options.ts';

export const DEAL_WON_PSA_CONSUMER = 'integrations.deal-won-psa';

export interface DealWonPsaOptions extends ConsumerRetryOptions {
  db: Db;
  bus: Bus;
  /** PSA's API; without it (PSA not connected) won deals open no project. */
  psa: PsaClient | undefined;
  log: Logger;
  /** Attempts before a won deal whose project PSA keeps failing to open is dead-lettered. Default 6 (about 15 s of backoff with the default delay). */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each attempt. Default 500. */
  retryDelayMs?: number;
}

/**
 * Deal-to-project creation: a won deal flagged `createPsaProject` makes PSA
 * open a project (`POST /api/projects`), and the link is kept for
 * `Deal.psaProject`. PSA is called before the inbox row is written, with
 * the event id as idempotency key: a redelivery after a crash, or the Bus'
 * retry after PSA failed, gets the same project from PSA, never a second.
 * PSA down: the handler throws, the Bus retries with backoff and
 * dead-letters the event (with the reason) when PSA stays down.
 */
export function startDealWonPsaConsumer(options: DealWonPsaOptions): Promise<BusConsumer> {
  const { db, psa, log } = options;
  return options.bus.consume({
    groupId: DEAL_WON_PSA_CONSUMER,
    topics: [topicOf('crm')],
    maxAttempts: options.maxAttempts ?? 6,
    retryDelayMs: options.retryDelayMs ?? 500,
    handler: async (event) => {
      if (event.type !== 'crm.deal.won') return;
      const data = event.data as EventData<'crm.deal.won'>;
      if (!data.createPsaProject) return;
      const org = event.orgid;
      if (await wasProcessed(db, DEAL_WON_PSA_CONSUMER, event.id)) return;
      // a deal reopened and won again keeps its first project
      const [existing] = await psaProjectsByDealIds(db, org, [data.dealId]);
      if (!existing) {
        if (!psa) {
          log.warn('integrations: a won deal asks for a PSA project but PSA is not connected', { org, dealId: data.dealId });
          return;
        }
        const project = await psa.createProject(org, { crmDealId: data.dealId, crmCompanyId: data.companyId, name: data.title ?? `Deal ${data.dealId}` }, `deal-won:${event.id}`);
        await db.transaction(async (tx) => {
          if (!(await markProcessed(tx, DEAL_WON_PSA_CONSUMER, event.id))) return;
          await recordPsaProject(tx, {
            org_id: org,
            crm_deal_id: data.dealId,
            crm_company_id: data.companyId,
            psa_project_id: project.id,
            name: project.name,
            status: project.status,
            event_id: event.id,
          });
        });
        return;
      }
      await db.transaction((tx) => markProcessed(tx, DEAL_WON_PSA_CONSUMER, event.id));
    },
  });
}
