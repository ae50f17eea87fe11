import type { DealRow } from '../../core/rows.ts';
import { invalidTransition, lockRow, type Unit } from '../../core/unit-of-work.ts';
import { updateRow } from '../../core/update.ts';
import { dealEvent } from '../deals/commands.ts';

/**
 * Flags an open deal so that PSA opens a project for it when it is won.
 * INVALID_TRANSITION for a closed deal: its `crm.deal.won` is gone already.
 */
export async function requestPsaProject(unit: Unit, id: string): Promise<DealRow> {
  const before = await lockRow<DealRow>(unit, 'deals', 'Deal', id);
  if (before.status !== 'OPEN')
    throw invalidTransition(`Deal ${id} is ${before.status}: a PSA project is requested before the deal is won`, { id, status: before.status });
  if (before.create_psa_project) return before;
  const deal = await updateRow<DealRow>(unit.tx, 'deals', unit.org, id, { create_psa_project: true }, unit.now);
  unit.emit('crm.deal.updated', `deal/${id}`, { ...dealEvent(deal), changed: ['createPsaProject'] });
  return deal;
}
