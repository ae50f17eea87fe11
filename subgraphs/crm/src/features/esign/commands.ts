import type { EsignStatus, RequestEsignatureInput } from '../../generated/resolvers-types.ts';
import { insertEsign } from './store.ts';
import type { ContactRow, DealRow, EsignRow, QuoteRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { esignReason, requestEsignSchema, signedName as signedNameSchema } from './validation.ts';
import { invalidInput, parseInput } from '../../core/parse.ts';
import { closeDealWon } from '../deals/commands.ts';
import { newId } from '../../core/ids.ts';
import { logToTimeline } from '../timeline/log.ts';
import { invalidTransition, lockRow, requireRow, type Unit } from '../../core/unit-of-work.ts';

/** Where an e-sign document may go from each status. */
export const esignTransitions: Record<EsignRow['status'], readonly EsignRow['status'][]> = {
  REQUESTED: ['SENT'],
  SENT: ['VIEWED', 'SIGNED', 'DECLINED'],
  VIEWED: ['SIGNED', 'DECLINED'],
  SIGNED: [],
  DECLINED: [],
};

const esignEvent = (d: EsignRow) => ({
  documentId: d.id,
  companyId: d.company_id,
  dealId: d.deal_id,
  kind: d.kind,
  status: d.status,
  psaContractRef: d.psa_contract_ref,
  version: d.version,
});

const esignActivity = (unit: Unit, d: EsignRow, summary: string) => ({
  companyId: d.company_id,
  dealId: d.deal_id,
  contactId: d.signer_contact_id,
  type: 'ESIGN',
  summary,
  source: 'CRM',
  createdBy: unit.actor,
  occurredAt: unit.now,
});

export async function requestEsignature(unit: Unit, raw: RequestEsignatureInput): Promise<EsignRow> {
  const input = parseInput(requestEsignSchema, raw);
  const quote = input.quoteId ? await requireRow<QuoteRow>(unit, 'quotes', 'Quote', input.quoteId, 'input.quoteId') : null;
  const deal = input.dealId ? await requireRow<DealRow>(unit, 'deals', 'Deal', input.dealId, 'input.dealId') : null;
  const companyId = input.companyId ?? deal?.company_id ?? quote!.company_id;
  if (input.companyId) await requireRow(unit, 'companies', 'Company', input.companyId, 'input.companyId');
  const issues = [
    ...(deal && deal.company_id !== companyId ? [{ path: 'input.dealId', message: `deal ${deal.id} is not with company ${companyId}` }] : []),
    ...(quote && quote.company_id !== companyId ? [{ path: 'input.quoteId', message: `quote ${quote.id} is not for company ${companyId}` }] : []),
  ];
  const signer = input.signerContactId ? await requireRow<ContactRow>(unit, 'contacts', 'Contact', input.signerContactId, 'input.signerContactId') : null;
  if (signer && signer.company_id !== companyId) issues.push({ path: 'input.signerContactId', message: `contact ${signer.id} is not at company ${companyId}` });
  if (issues.length) invalidInput(issues);
  const doc = await insertEsign(unit.tx, unit.org, {
    id: newId('esg'),
    title: input.title,
    kind: input.kind,
    company_id: companyId,
    deal_id: deal?.id ?? quote?.deal_id ?? null,
    quote_id: quote?.id ?? null,
    signer_contact_id: signer?.id ?? null,
    signer_email: input.signerEmail ?? signer?.email ?? null,
    psa_contract_ref: input.psaContractRef ?? null,
    requested_at: unit.now,
    created_at: unit.now,
    updated_at: unit.now,
  });
  await logToTimeline(unit, esignActivity(unit, doc, `${doc.kind.toLowerCase()} "${doc.title}" requested for signature`));
  unit.emit('crm.esign.requested', `esign/${doc.id}`, esignEvent(doc));
  return doc;
}

/**
 * One step of the signing flow. Signing a CONTRACT whose deal is open moves
 * the deal to its pipeline's WON stage, in the same transaction.
 */
export async function recordEsignEvent(
  unit: Unit,
  id: string,
  expectedVersion: number,
  status: EsignStatus,
  rawSignedName: string | null | undefined,
  rawReason: string | null | undefined,
): Promise<EsignRow> {
  const reason = parseInput(esignReason, rawReason, 'reason') ?? null;
  const before = await lockRow<EsignRow>(unit, 'esign_documents', 'E-sign document', id, expectedVersion);
  if (!esignTransitions[before.status].includes(status)) {
    throw invalidTransition(`E-sign document ${id} cannot go from ${before.status} to ${status}`, {
      id,
      from: before.status,
      to: status,
      allowed: esignTransitions[before.status],
    });
  }
  const signedName = status === 'SIGNED' ? parseInput(signedNameSchema, rawSignedName ?? '', 'signedName') : null;
  const doc = await updateRow<EsignRow>(
    unit.tx,
    'esign_documents',
    unit.org,
    id,
    {
      status,
      sent_at: status === 'SENT' ? unit.now : undefined,
      viewed_at: status === 'VIEWED' ? unit.now : undefined,
      signed_at: status === 'SIGNED' ? unit.now : undefined,
      signed_name: signedName ?? undefined,
      declined_at: status === 'DECLINED' ? unit.now : undefined,
      decline_reason: status === 'DECLINED' ? reason : undefined,
    },
    unit.now,
  );
  const who = signedName ? ` by ${signedName}` : '';
  await logToTimeline(unit, esignActivity(unit, doc, `${doc.kind.toLowerCase()} "${doc.title}" ${status.toLowerCase()}${who}${reason ? `: ${reason}` : ''}`));
  if (status === 'SIGNED') unit.emit('crm.esign.signed', `esign/${id}`, { ...esignEvent(doc), signedName: signedName! });
  else if (status === 'DECLINED') unit.emit('crm.esign.declined', `esign/${id}`, { ...esignEvent(doc), reason });
  else unit.emit(status === 'SENT' ? 'crm.esign.sent' : 'crm.esign.viewed', `esign/${id}`, esignEvent(doc));
  if (status === 'SIGNED' && doc.kind === 'CONTRACT' && doc.deal_id) await closeDealWon(unit, doc.deal_id, `contract "${doc.title}" signed`);
  return doc;
}
