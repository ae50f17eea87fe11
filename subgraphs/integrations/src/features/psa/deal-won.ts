import { PermanentEventError, topicOf, type Bus, type BusConsumer, type EventData } from '@onegraph/bus';
import { markProcessed, wasProcessed, type Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { ProductCallError, type PsaClient, type PsaProjectRecord } from '@onegraph/onestack-clients';
import { completePsaProjectRequest, failPsaProjectAttempt, startPsaProjectAttempt } from '../store/psa-project-requests.ts';
import { psaProjectsByDealIds, recordPsaProject } from '../store/psa-projects.ts';
import type { ConsumerRetryOptions } from './retry-options.ts';

export const DEAL_WON_PSA_CONSUMER = 'integrations.deal-won-psa';

export interface DealWonPsaOptions extends ConsumerRetryOptions {
  db: Db;
  bus: Bus;
  /** PSA's API; without it (PSA not connected) won deals open no project. */
  psa: PsaClient | undefined;
  log: Logger;
}

/**
 * Deal-to-project creation: a won deal flagged `createPsaProject` makes PSA
 * open a project (`POST /api/projects`), and the link is kept for
 * `Deal.psaProject`. PSA is called before the inbox row is written, with
 * the event id as idempotency key: a redelivery after a crash, or the Bus'
 * retry after PSA failed, gets the same project from PSA, never a second.
 * Each attempt is visible on `Deal.psaProjectRequest` (PENDING, the last
 * error). PSA down: the handler throws, the Bus retries with backoff and
 * dead-letters the event (with the reason) when PSA stays down, the request
 * then FAILED with the last error (a replay from the DLQ tries again). PSA
 * refusing the project (a 4xx) is final: FAILED, and the event is
 * dead-lettered at once with PSA's answer, since retrying cannot change it.
 * Retries: 6 attempts from 500 ms by default (about 15 s of PSA outage).
 */
export function startDealWonPsaConsumer(options: DealWonPsaOptions): Promise<BusConsumer> {
  const { db, psa, log } = options;
  return options.bus.consume({
    groupId: DEAL_WON_PSA_CONSUMER,
    topics: [topicOf('crm')],
    maxAttempts: options.maxAttempts ?? 6,
    retryDelayMs: options.retryDelayMs ?? 500,
    handler: async (event, meta) => {
      if (event.type !== 'crm.deal.won') return;
      const data = event.data as EventData<'crm.deal.won'>;
      if (!data.createPsaProject) return;
      const org = event.orgid;
      if (await wasProcessed(db, DEAL_WON_PSA_CONSUMER, event.id)) return;
      // a deal reopened and won again keeps its first project
      const [existing] = await psaProjectsByDealIds(db, org, [data.dealId]);
      if (existing) {
        await db.transaction((tx) => markProcessed(tx, DEAL_WON_PSA_CONSUMER, event.id));
        return;
      }
      if (!psa) {
        log.warn('integrations: a won deal asks for a PSA project but PSA is not connected', { org, dealId: data.dealId });
        return;
      }
      await startPsaProjectAttempt(db, org, { dealId: data.dealId, companyId: data.companyId, eventId: event.id });
      let project: PsaProjectRecord;
      try {
        project = await psa.createProject(org, { crmDealId: data.dealId, crmCompanyId: data.companyId, name: data.title ?? `Deal ${data.dealId}` }, `deal-won:${event.id}`);
      } catch (error) {
        const refused = error instanceof ProductCallError && !error.retryable;
        const message = (error as Error).message;
        // PSA refusing, or down through the last attempt (the Bus dead-letters the event now): FAILED
        await failPsaProjectAttempt(db, org, data.dealId, message, refused || meta.lastAttempt === true);
        if (refused) {
          log.warn('integrations: PSA refused a won deal’s project', { org, dealId: data.dealId, error: message });
          throw new PermanentEventError(`PSA refused the project of deal ${data.dealId}: ${message}`);
        }
        throw error;
      }
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
        await completePsaProjectRequest(tx, org, data.dealId);
      });
    },
  });
}
