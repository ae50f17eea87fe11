import type { Queryable } from '@onegraph/db';
import { byId, grouped } from '../../core/loaders.ts';
import { pipelinesByIds, stagesByIds, stagesOfPipelines } from './pipeline-store.ts';
import { dealsByCompanyIds, dealsByIds, lineItemsOf, stageHistoryOfDeals } from './store.ts';

/** Deals, pipelines and stages by id; each company's deals, each pipeline's stages, each deal's stage history and line items. */
export function dealLoaders(db: Queryable, org: string) {
  return {
    deal: byId(db, org, dealsByIds),
    pipeline: byId(db, org, pipelinesByIds),
    stage: byId(db, org, stagesByIds),
    dealsByCompany: grouped(db, org, dealsByCompanyIds, (r) => r.company_id),
    stagesByPipeline: grouped(db, org, stagesOfPipelines, (r) => r.pipeline_id),
    stageHistory: grouped(db, org, stageHistoryOfDeals, (r) => r.deal_id),
    dealLineItems: grouped(
      db,
      org,
      (d, o, ids) => lineItemsOf(d, o, 'deal', ids),
      (r) => r.owner_id,
    ),
  };
}

type DealLoaders = ReturnType<typeof dealLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends DealLoaders {}
}
