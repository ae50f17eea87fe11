import { newId } from '../../core/ids.ts';
import { insertActivity, type NewActivity } from './store.ts';
import { recomputeHealthBeforeCommit } from '../health/store.ts';
import type { ActivityRow } from '../../core/rows.ts';
import type { Unit } from '../../core/unit-of-work.ts';

/**
 * Puts an entry on a timeline, in the unit's transaction: the activity, its
 * `crm.activity.logged` event (which feeds the live subscriptions) and the
 * company's health score, recomputed from the new engagement before the
 * unit commits (once per company, however many entries the unit logs).
 */
export async function logToTimeline(unit: Unit, activity: Omit<NewActivity, 'id'> & { id?: string }): Promise<ActivityRow> {
  const row = await insertActivity(unit.tx, unit.org, { ...activity, id: activity.id ?? newId('act') });
  unit.emit('crm.activity.logged', `company/${row.company_id}`, {
    activityId: row.id,
    companyId: row.company_id,
    contactId: row.contact_id,
    dealId: row.deal_id,
    type: row.type,
    source: row.source,
  });
  recomputeHealthBeforeCommit(unit, row.company_id, `activity.${row.type.toLowerCase()}`);
  return row;
}
