import type { LogActivityInput } from '../../generated/resolvers-types.ts';
import type { ActivityRow, ContactRow, DealRow } from '../../core/rows.ts';
import { logActivitySchema } from './validation.ts';
import { invalidInput, parseInput } from '../../core/parse.ts';
import { logToTimeline } from './log.ts';
import { requireRow, type Unit } from '../../core/unit-of-work.ts';

/**
 * Logs a note, call, email, meeting or task. The company is the one given,
 * or the contact's or deal's; when several are given they must agree.
 */
export async function logActivity(unit: Unit, raw: LogActivityInput): Promise<ActivityRow> {
  const input = parseInput(logActivitySchema, raw);
  const contact = input.contactId ? await requireRow<ContactRow>(unit, 'contacts', 'Contact', input.contactId, 'input.contactId') : null;
  const deal = input.dealId ? await requireRow<DealRow>(unit, 'deals', 'Deal', input.dealId, 'input.dealId') : null;
  if (input.companyId) await requireRow(unit, 'companies', 'Company', input.companyId, 'input.companyId');
  const companyId = input.companyId ?? contact?.company_id ?? deal!.company_id;
  const issues = [
    ...(contact && contact.company_id !== companyId ? [{ path: 'input.contactId', message: `contact ${contact.id} is not at company ${companyId}` }] : []),
    ...(deal && deal.company_id !== companyId ? [{ path: 'input.dealId', message: `deal ${deal.id} is not with company ${companyId}` }] : []),
  ];
  if (issues.length) invalidInput(issues);
  return logToTimeline(unit, {
    companyId,
    contactId: contact?.id ?? null,
    dealId: deal?.id ?? null,
    type: input.type,
    summary: input.summary,
    body: input.body ?? null,
    source: input.source ?? 'CRM',
    durationSeconds: input.durationSeconds ?? null,
    recordingUrl: input.recordingUrl ?? null,
    direction: input.direction ?? null,
    createdBy: unit.actor,
    occurredAt: input.occurredAt ?? unit.now,
  });
}
