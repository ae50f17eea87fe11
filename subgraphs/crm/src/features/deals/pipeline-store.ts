import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sorted } from '../../core/page.ts';
import type { PipelineRow, StageRow } from '../../core/rows.ts';
import { Where } from '../../core/sql.ts';

export async function pipelinesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<PipelineRow[]> {
  const { rows } = await db.query<PipelineRow>(`SELECT * FROM pipelines WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function listPipelines(db: Queryable, org: string, first: number, after: string | null | undefined): Promise<Sorted<PipelineRow>[]> {
  return fetchPage<PipelineRow>(
    db,
    'pipelines',
    new Where().add('org_id = ?', org),
    { expr: `lpad(position::text, 6, '0') || name`, cast: 'text', desc: false },
    first,
    after,
  );
}

export async function stagesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<StageRow[]> {
  const { rows } = await db.query<StageRow>(`SELECT * FROM pipeline_stages WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function stagesOfPipelines(db: Queryable, org: string, pipelineIds: readonly string[]): Promise<StageRow[]> {
  const { rows } = await db.query<StageRow>(`SELECT * FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = ANY($2) ORDER BY pipeline_id, position`, [
    org,
    pipelineIds,
  ]);
  return rows;
}

export interface StageValues {
  id: string;
  name: string;
  position: number;
  probability: number;
  kind: 'OPEN' | 'WON' | 'LOST';
  color: string | null;
}

/** Inserts or updates the stages given and deletes the pipeline's others (the caller checked none has deals). */
export async function replaceStages(db: Queryable, org: string, pipelineId: string, stages: readonly StageValues[]): Promise<void> {
  await db.query(`DELETE FROM pipeline_stages WHERE org_id = $1 AND pipeline_id = $2 AND NOT (id = ANY($3))`, [org, pipelineId, stages.map((s) => s.id)]);
  for (const s of stages) {
    await db.query(
      `INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind, color) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position, probability = EXCLUDED.probability, kind = EXCLUDED.kind, color = EXCLUDED.color`,
      [org, s.id, pipelineId, s.name, s.position, s.probability, s.kind, s.color],
    );
  }
}

/** Open-deal figures per stage of the pipelines, for board columns. */
export async function boardFigures(db: Queryable, org: string, pipelineIds: readonly string[]) {
  const { rows } = await db.query<{ stage_id: string; count: number; total: string; weighted: string }>(
    `SELECT d.stage_id, count(*)::int AS count, sum(d.value)::text AS total,
            sum(round(d.value * COALESCE(d.probability, s.probability) / 100.0, 2))::text AS weighted
     FROM deals d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
     WHERE d.org_id = $1 AND d.pipeline_id = ANY($2) GROUP BY d.stage_id`,
    [org, pipelineIds],
  );
  return rows;
}
