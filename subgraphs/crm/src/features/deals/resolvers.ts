import type { Resolvers } from '../../generated/resolvers-types.ts';
import { sortOf, sortedConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { mutate } from '../../core/unit-of-work.ts';
import { createDeal, moveDeal, reopenDeal, setDealLineItems, updateDeal } from './commands.ts';
import { checkDealOwner } from './owners.ts';
import { Deal, DealStageChange, LineItem } from './deal-resolvers.ts';
import { createPipeline, updatePipeline } from './pipeline-commands.ts';
import { Pipeline, PipelineStage, StageColumn } from './pipeline-resolvers.ts';
import { listPipelines } from './pipeline-store.ts';
import { listDeals } from './store.ts';
import { pipelineSummary, PipelineSummary } from './summary-resolvers.ts';
import { checkDealFilter } from './validation.ts';

/** Deals, pipelines and their stages, line items, and the PSA sidebar's pipeline summary. */
export const dealResolvers: Resolvers = {
  Query: {
    pipeline: (_, { id }, { loaders }) => loaders.pipeline.load(id),
    async pipelines(_, { first, after }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listPipelines(db, org, size, after), size);
    },
    deal: (_, { id }, { loaders }) => loaders.deal.load(id),
    async deals(_, { first, after, filter, orderBy }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listDeals(db, org, { first: size, after, filter: checkDealFilter(filter), sort: sortOf(orderBy) }), size);
    },
    pipelineSummary: (_, { companyId }, { loaders }) => pipelineSummary(companyId, loaders),
  },
  Mutation: {
    createPipeline: (_, { input }, ctx) => mutate(ctx, (u) => createPipeline(u, input)),
    updatePipeline: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updatePipeline(u, id, expectedVersion, input)),
    async createDeal(_, { input }, ctx) {
      await checkDealOwner(ctx, input.ownerId);
      return mutate(ctx, (u) => createDeal(u, input));
    },
    async updateDeal(_, { id, expectedVersion, input }, ctx) {
      await checkDealOwner(ctx, input.ownerId);
      return mutate(ctx, (u) => updateDeal(u, id, expectedVersion, input));
    },
    moveDeal: (_, { id, expectedVersion, stageId, reason }, ctx) => mutate(ctx, (u) => moveDeal(u, id, expectedVersion, stageId, reason)),
    reopenDeal: (_, { id, expectedVersion, stageId }, ctx) => mutate(ctx, (u) => reopenDeal(u, id, expectedVersion, stageId)),
    setDealLineItems: (_, { id, expectedVersion, items }, ctx) => mutate(ctx, (u) => setDealLineItems(u, id, expectedVersion, items)),
  },
  Pipeline,
  PipelineStage,
  StageColumn,
  Deal,
  DealStageChange,
  LineItem,
  PipelineSummary,
};
