import { money } from '../../core/decimal.ts';
import type { PipelineResolvers, PipelineStageResolvers, StageColumnResolvers } from '../../generated/resolvers-types.ts';
import { required } from '../../core/loaders.ts';
import { pageSize } from '@onegraph/db';
import { listDeals } from './store.ts';
import { boardFigures } from './pipeline-store.ts';
import { checkDealFilter } from './validation.ts';
import { sortOf, sortedConnection } from '../../core/connection.ts';

export const Pipeline: PipelineResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.pipeline.load(id),
  stages: (p, _, { loaders }) => loaders.stagesByPipeline.load(p.id),
  async board(p, _, { db, org, loaders }) {
    const stages = await loaders.stagesByPipeline.load(p.id);
    const figures = new Map((await boardFigures(db, org, [p.id])).map((f) => [f.stage_id, f]));
    return stages.map((stage) => {
      const f = figures.get(stage.id);
      return { stage, count: f?.count ?? 0, totalValue: money(f?.total ?? '0'), weightedValue: money(f?.weighted ?? '0') };
    });
  },
  async deals(p, { first, after, filter, orderBy }, { db, org }) {
    const size = pageSize(first);
    const rows = await listDeals(db, org, {
      first: size,
      after,
      filter: { ...checkDealFilter(filter), pipelineId: p.id },
      sort: sortOf(orderBy),
    });
    return sortedConnection(rows, size);
  },
  version: (p) => p.version,
  createdAt: (p) => p.created_at,
  updatedAt: (p) => p.updated_at,
};

export const PipelineStage: PipelineStageResolvers = {
  pipeline: (s, _, { loaders }) => required(loaders.pipeline, s.pipeline_id, 'pipeline'),
};

export const StageColumn: StageColumnResolvers = {};
