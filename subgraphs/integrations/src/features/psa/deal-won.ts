import { topicOf } from '@onegraph/bus';
import { callFirst, defineConsumer, PermanentEventError } from '@onegraph/consumers';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { ProductCallError, type PsaClient, type PsaProjectRecord } from '@onegraph/onestack-clients';
import type { ConsumerRetryOptions } from '../../core/retry-options.ts';
import type { ConsumerScope } from '../../core/scope.ts';
import { completePsaProjectRequest, failPsaProjectAttempt, startPsaProjectAttempt } from './project-requests-store.ts';
import { psaProjectsByDealIds, recordPsaProject } from './projects-store.ts';

export const DEAL_WON_PSA_CONSUMER = 'integrations.deal-won-psa';

export interface DealWonPsaOptions {
  db: Db;
  /** PSA's API; without it (PSA not connected) won deals open no project. */
  psa: PsaClient | undefined;
  log: Logger;
  /** Default 6 attempts from 500 ms (about 15 s of PSA outage). */
  retry?: ConsumerRetryOptions | undefined;
}

/**
 * Deal-to-project creation: a won deal flagged `createPsaProject` makes PSA
 * open a project (`POST /api/projects`), and the link is kept for
 * `Deal.psaProject`. PSA is called before the transaction with the inbox
 * row (`callFirst`), with the event id as idempotency key: a redelivery
 * after a crash, the Bus' retry after PSA failed, or an admin's replay gets
 * the same project from PSA, never a second. Each attempt is visible on
 * `Deal.psaProjectRequest` (PENDING, the last error). PSA down: the handler
 * throws, the Bus retries with backoff and dead-letters the event (with the
 * reason) when PSA stays down, the request then FAILED with the last error.
 * PSA refusing the project (a 4xx) is final: FAILED, and the event is
 * dead-lettered at once with PSA's answer, since retrying cannot change it.
 * Either way an admin replays it from the graph once PSA is fixed.
 */
export function dealWonPsaConsumer(options: DealWonPsaOptions) {
  const { db, psa, log } = options;
  return defineConsumer<ConsumerScope>({
    name: DEAL_WON_PSA_CONSUMER,
    topic: topicOf('crm'),
    retry: { maxAttempts: 6, retryDelayMs: 500, ...options.retry },
    handlers: {
      'crm.deal.won': callFirst({
        async before({ data, orgid: org, id }, meta): Promise<PsaProjectRecord | undefined> {
          if (!data.createPsaProject) return undefined;
          // a deal reopened and won again keeps its first project
          const [existing] = await psaProjectsByDealIds(db, org, [data.dealId]);
          if (existing) return undefined;
          if (!psa) {
            log.warn('integrations: a won deal asks for a PSA project but PSA is not connected', { org, dealId: data.dealId });
            return undefined;
          }
          await startPsaProjectAttempt(db, org, { dealId: data.dealId, companyId: data.companyId, eventId: id });
          try {
            return await psa.createProject(
              org,
              { crmDealId: data.dealId, crmCompanyId: data.companyId, name: data.title ?? `Deal ${data.dealId}` },
              `deal-won:${id}`,
            );
          } catch (error) {
            const refused = error instanceof ProductCallError && !error.retryable;
            const message = (error as Error).message;
            // PSA refusing, or down through the last attempt (the event is dead-lettered now): FAILED
            await failPsaProjectAttempt(db, org, data.dealId, message, refused || meta.lastAttempt);
            if (refused) {
              log.warn('integrations: PSA refused a won deal’s project', { org, dealId: data.dealId, error: message });
              throw new PermanentEventError(`PSA refused the project of deal ${data.dealId}: ${message}`);
            }
            throw error;
          }
        },
        async apply({ data, id }, { tx, org }, project) {
          if (!project) return;
          await recordPsaProject(tx, {
            org_id: org,
            crm_deal_id: data.dealId,
            crm_company_id: data.companyId,
            psa_project_id: project.id,
            name: project.name,
            status: project.status,
            event_id: id,
          });
          await completePsaProjectRequest(tx, org, data.dealId);
        },
      }),
    },
  });
}
