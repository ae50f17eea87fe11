import { codedError, ErrorCode } from '@onegraph/errors';
import type { CreatePipelineInput, UpdatePipelineInput } from '../../generated/resolvers-types.ts';
import { replaceStages, stagesOfPipelines, type StageValues } from './pipeline-store.ts';
import type { PipelineRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { invalidInput, parseInput } from '../../core/parse.ts';
import { createPipelineSchema, updatePipelineSchema, type StageInput } from './pipeline-validation.ts';
import { newId } from '../../core/ids.ts';
import { lockRow, type Unit } from '../../core/unit-of-work.ts';

/** Board order: open stages as given, then the WON stage, then LOST; WON is 100 % and LOST 0 %. */
function stageValues(stages: readonly StageInput[]): StageValues[] {
  const kind = (s: StageInput) => s.kind ?? 'OPEN';
  const ordered = [...stages.filter((s) => kind(s) === 'OPEN'), ...stages.filter((s) => kind(s) === 'WON'), ...stages.filter((s) => kind(s) === 'LOST')];
  return ordered.map((s, position) => ({
    id: s.id ?? newId('stg'),
    name: s.name,
    position,
    probability: kind(s) === 'WON' ? 100 : kind(s) === 'LOST' ? 0 : s.probability,
    kind: kind(s),
    color: s.color ?? null,
  }));
}

export async function createPipeline(unit: Unit, raw: CreatePipelineInput): Promise<PipelineRow> {
  const input = parseInput(createPipelineSchema, raw);
  if (input.stages.some((s) => s.id)) invalidInput([{ path: 'input.stages', message: 'a new pipeline’s stages have no ids yet' }]);
  const { rows: count } = await unit.tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM pipelines WHERE org_id = $1`, [unit.org]);
  const { rows } = await unit.tx.query<PipelineRow>(
    `INSERT INTO pipelines (org_id, id, name, currency, position, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING *`,
    [unit.org, newId('pl'), input.name, input.currency ?? 'USD', count[0]!.n, unit.now],
  );
  const pipeline = rows[0]!;
  const stages = stageValues(input.stages);
  await replaceStages(unit.tx, unit.org, pipeline.id, stages);
  unit.emit('crm.pipeline.created', `pipeline/${pipeline.id}`, {
    pipelineId: pipeline.id,
    name: pipeline.name,
    stageIds: stages.map((s) => s.id),
    version: pipeline.version,
  });
  return pipeline;
}

export async function updatePipeline(unit: Unit, id: string, expectedVersion: number, raw: UpdatePipelineInput): Promise<PipelineRow> {
  const input = parseInput(updatePipelineSchema, raw);
  await lockRow<PipelineRow>(unit, 'pipelines', 'Pipeline', id, expectedVersion);
  const current = await stagesOfPipelines(unit.tx, unit.org, [id]);
  if (input.stages) {
    const known = new Map(current.map((s) => [s.id, s]));
    const issues = input.stages.flatMap((s, i) =>
      s.id && !known.has(s.id) ? [{ path: `input.stages.${i}.id`, message: `stage ${s.id} is not a stage of pipeline ${id}` }] : [],
    );
    if (issues.length) invalidInput(issues);
    const next = stageValues(input.stages);
    const { rows: used } = await unit.tx.query<{ stage_id: string; n: number }>(
      `SELECT stage_id, count(*)::int AS n FROM deals WHERE org_id = $1 AND pipeline_id = $2 GROUP BY stage_id`,
      [unit.org, id],
    );
    for (const { stage_id, n } of used) {
      const kept = next.find((s) => s.id === stage_id);
      if (!kept)
        throw codedError(ErrorCode.CONFLICT, `Stage ${known.get(stage_id)?.name ?? stage_id} has ${n} deal(s): move them before removing it`, {
          stageId: stage_id,
          deals: n,
        });
      if (kept.kind !== known.get(stage_id)?.kind)
        throw codedError(ErrorCode.CONFLICT, `Stage ${kept.name} has ${n} deal(s): its kind cannot change`, { stageId: stage_id, deals: n });
    }
    await replaceStages(unit.tx, unit.org, id, next);
    // a renamed stage's deals keep its name with them
    await unit.tx.query(
      `UPDATE deals d SET stage = s.name FROM pipeline_stages s WHERE d.org_id = $1 AND d.pipeline_id = $2 AND s.org_id = d.org_id AND s.id = d.stage_id AND d.stage <> s.name`,
      [unit.org, id],
    );
  }
  const pipeline = await updateRow<PipelineRow>(unit.tx, 'pipelines', unit.org, id, { name: input.name, currency: input.currency }, unit.now);
  const stages = await stagesOfPipelines(unit.tx, unit.org, [id]);
  unit.emit('crm.pipeline.updated', `pipeline/${id}`, { pipelineId: id, name: pipeline.name, stageIds: stages.map((s) => s.id), version: pipeline.version });
  return pipeline;
}
