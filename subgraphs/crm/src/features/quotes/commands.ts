import { randomBytes } from 'node:crypto';
import type { EventType } from '@onegraph/bus';
import { quoteTotals } from '../deals/line-items.ts';
import type { CreateQuoteInput, QuoteStatus, UpdateQuoteInput } from '../../generated/resolvers-types.ts';
import { lineItemsOf, replaceLineItems, type NewLineItem } from '../deals/store.ts';
import { insertQuote, nextCounter } from './store.ts';
import type { ContactRow, DealRow, QuoteRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { invalidInput, parseInput } from '../../core/parse.ts';
import { createQuoteSchema, quoteReason, updateQuoteSchema } from './validation.ts';
import { lineItemValues } from '../deals/commands.ts';
import { newId } from '../../core/ids.ts';
import { logToTimeline } from '../timeline/log.ts';
import { invalidTransition, lockRow, requireRow, type Unit } from '../../core/unit-of-work.ts';

/** Where a quote may go from each status. */
export const quoteTransitions: Record<QuoteRow['status'], readonly QuoteRow['status'][]> = {
  DRAFT: ['SENT'],
  SENT: ['VIEWED', 'ACCEPTED', 'DECLINED', 'EXPIRED'],
  VIEWED: ['ACCEPTED', 'DECLINED', 'EXPIRED'],
  ACCEPTED: [],
  DECLINED: [],
  EXPIRED: [],
};

const quoteEvent = (q: QuoteRow) => ({
  quoteId: q.id,
  number: q.number,
  companyId: q.company_id,
  dealId: q.deal_id,
  status: q.status,
  total: q.total,
  currency: q.currency,
  shareToken: q.share_token,
  version: q.version,
});

async function checkContact(unit: Unit, contactId: string | null | undefined, companyId: string) {
  if (!contactId) return;
  const contact = await requireRow<ContactRow>(unit, 'contacts', 'Contact', contactId, 'input.contactId');
  if (contact.company_id !== companyId) invalidInput([{ path: 'input.contactId', message: `contact ${contactId} is not at company ${companyId}` }]);
}

/** Builds a quote from a deal's line items, or directly from lines (PSA's quick quote). */
export async function createQuote(unit: Unit, raw: CreateQuoteInput): Promise<QuoteRow> {
  const input = parseInput(createQuoteSchema, raw);
  const deal = input.dealId ? await requireRow<DealRow>(unit, 'deals', 'Deal', input.dealId, 'input.dealId') : null;
  if (deal && input.companyId && input.companyId !== deal.company_id)
    invalidInput([{ path: 'input.companyId', message: `deal ${deal.id} is with company ${deal.company_id}` }]);
  const companyId = deal?.company_id ?? input.companyId!;
  if (!deal) await requireRow(unit, 'companies', 'Company', companyId, 'input.companyId');
  await checkContact(unit, input.contactId, companyId);
  const lines: NewLineItem[] = input.lines ? lineItemValues(input.lines) : await lineItemsOf(unit.tx, unit.org, 'deal', [deal!.id]);
  if (lines.length === 0) invalidInput([{ path: 'input.lines', message: `deal ${deal!.id} has no line items: give lines` }]);
  const taxRate = input.taxRate ?? '0';
  const totals = quoteTotals(lines, taxRate);
  const number = await nextCounter(unit.tx, unit.org, 'quote', 1001);
  const quote = await insertQuote(unit.tx, unit.org, {
    id: newId('quo'),
    number: `Q-${number}`,
    title: input.title ?? deal?.title ?? 'Quote',
    company_id: companyId,
    deal_id: deal?.id ?? null,
    contact_id: input.contactId ?? deal?.contact_id ?? null,
    currency: input.currency ?? deal?.currency ?? 'USD',
    tax_rate: taxRate,
    subtotal: totals.subtotal,
    tax: totals.tax,
    total: totals.total,
    monthly_recurring: totals.monthlyRecurring,
    valid_until: input.validUntil ?? null,
    source: input.source ?? 'CRM',
    created_at: unit.now,
    updated_at: unit.now,
  });
  await replaceLineItems(
    unit.tx,
    unit.org,
    'quote',
    quote.id,
    lines.map(({ service, description, quantity, unit_price, billing, gl_account, taxable }) => ({
      service,
      description,
      quantity,
      unit_price,
      billing,
      gl_account,
      taxable,
    })),
  );
  await logToTimeline(unit, quoteActivity(unit, quote, `Quote ${quote.number} created (${quote.currency} ${quote.total})`));
  unit.emit('crm.quote.created', `quote/${quote.id}`, quoteEvent(quote));
  return quote;
}

const quoteActivity = (unit: Unit, q: QuoteRow, summary: string) => ({
  companyId: q.company_id,
  dealId: q.deal_id,
  contactId: q.contact_id,
  type: 'QUOTE',
  summary,
  source: q.source === 'PSA' ? 'PSA' : 'CRM',
  createdBy: unit.actor,
  occurredAt: unit.now,
});

export async function updateQuote(unit: Unit, id: string, expectedVersion: number, raw: UpdateQuoteInput): Promise<QuoteRow> {
  const input = parseInput(updateQuoteSchema, raw);
  const before = await lockRow<QuoteRow>(unit, 'quotes', 'Quote', id, expectedVersion);
  if (before.status !== 'DRAFT') throw invalidTransition(`Quote ${before.number} is ${before.status}: only a DRAFT can change`, { id, status: before.status });
  await checkContact(unit, input.contactId, before.company_id);
  const lines = input.lines ? lineItemValues(input.lines) : await lineItemsOf(unit.tx, unit.org, 'quote', [id]);
  if (input.lines) {
    if (lines.length === 0) invalidInput([{ path: 'input.lines', message: 'a quote needs at least one line' }]);
    await replaceLineItems(unit.tx, unit.org, 'quote', id, lines);
  }
  const totals = quoteTotals(lines, input.taxRate ?? before.tax_rate);
  const quote = await updateRow<QuoteRow>(
    unit.tx,
    'quotes',
    unit.org,
    id,
    {
      title: input.title,
      contact_id: input.contactId,
      tax_rate: input.taxRate,
      valid_until: input.validUntil,
      subtotal: totals.subtotal,
      tax: totals.tax,
      total: totals.total,
      monthly_recurring: totals.monthlyRecurring,
    },
    unit.now,
  );
  unit.emit('crm.quote.updated', `quote/${id}`, quoteEvent(quote));
  return quote;
}

export async function setQuoteStatus(
  unit: Unit,
  id: string,
  expectedVersion: number,
  status: QuoteStatus,
  rawReason: string | null | undefined,
): Promise<QuoteRow> {
  const reason = parseInput(quoteReason, rawReason, 'reason') ?? null;
  const before = await lockRow<QuoteRow>(unit, 'quotes', 'Quote', id, expectedVersion);
  if (!quoteTransitions[before.status].includes(status)) {
    throw invalidTransition(`Quote ${before.number} cannot go from ${before.status} to ${status}`, {
      id,
      from: before.status,
      to: status,
      allowed: quoteTransitions[before.status],
    });
  }
  const decided = status === 'ACCEPTED' || status === 'DECLINED' || status === 'EXPIRED';
  const quote = await updateRow<QuoteRow>(
    unit.tx,
    'quotes',
    unit.org,
    id,
    {
      status,
      share_token: status === 'SENT' ? (before.share_token ?? randomBytes(18).toString('base64url')) : undefined,
      sent_at: status === 'SENT' ? unit.now : undefined,
      viewed_at: status === 'VIEWED' ? unit.now : undefined,
      decided_at: decided ? unit.now : undefined,
      decline_reason: status === 'DECLINED' ? reason : undefined,
    },
    unit.now,
  );
  await logToTimeline(unit, quoteActivity(unit, quote, `Quote ${quote.number} ${status.toLowerCase()}${reason ? `: ${reason}` : ''}`));
  const type = `crm.quote.${status.toLowerCase()}` as Extract<EventType, `crm.quote.${string}`>;
  if (type === 'crm.quote.declined') unit.emit(type, `quote/${id}`, { ...quoteEvent(quote), reason });
  else unit.emit(type, `quote/${id}`, quoteEvent(quote));
  return quote;
}
