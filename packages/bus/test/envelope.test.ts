import { describe, expect, it } from 'vitest';
import { createEnvelope, decodeMessage, validateEnvelope, type Envelope, type EventData } from '@onegraph/bus';

const ticketData: EventData<'psa.ticket.activity'> = {
  psaClientId: 'psa-client-100',
  crmCompanyId: 'cmp_acme',
  ticketId: 'T-1',
  ticketNumber: 'ACM-1042',
  summary: 'Printer offline at front desk',
  status: 'open',
};

function ticketEnvelope(): Envelope<EventData<'psa.ticket.activity'>> {
  return createEnvelope({ type: 'psa.ticket.activity', source: 'onestack/psa', orgid: 'demo', data: { ...ticketData } });
}

/** The envelope as a plain record, so that tests can remove or replace any attribute. */
function ticketRecord(): Record<string, unknown> {
  return { ...ticketEnvelope() };
}

describe('validateEnvelope', () => {
  it('accepts a valid event and returns it unchanged', () => {
    const event = ticketEnvelope();
    const result = validateEnvelope(event);
    expect(result).toEqual({ ok: true, envelope: event });
  });

  it.each(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'orgid'])('refuses an event without %s, naming it', (field) => {
    const event = ticketRecord();
    delete event[field];
    const result = validateEnvelope(event);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringContaining(field) });
  });

  it.each([
    ['specversion', '0.3'],
    ['time', 'yesterday at noon'],
    ['time', '2026-11-02T15:00:00'], // no offset
    ['orgid', ''],
    ['id', ''],
    ['type', 'PSA Ticket Activity'],
    ['datacontenttype', 'text/plain'],
  ])('refuses %s = %j, naming the field', (field, value) => {
    const result = validateEnvelope({ ...ticketRecord(), [field]: value });
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringContaining(field) });
  });

  it('refuses something that is not an object', () => {
    for (const value of [null, 42, 'psa.ticket.activity', []]) {
      expect(validateEnvelope(value)).toMatchObject({ ok: false, reason: expect.stringContaining('invalid envelope') });
    }
  });

  it.each(Object.keys(ticketData))('refuses a psa.ticket.activity whose data lacks %s, naming the type and the field', (field) => {
    const data: Record<string, unknown> = { ...ticketData };
    delete data[field];
    const result = validateEnvelope({ ...ticketRecord(), data });
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringMatching(new RegExp(`psa\\.ticket\\.activity.*${field}`)) });
  });

  it('refuses a psa.ticket.activity with an occurredAt that is not a date-time', () => {
    const result = validateEnvelope({ ...ticketRecord(), data: { ...ticketData, occurredAt: 'last week' } });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('occurredAt') });
  });

  it('passes an event of an unknown type with its data untouched', () => {
    const data = { anything: [1, { nested: true }], ticketId: 42, empty: null };
    const event = createEnvelope({ type: 'voice.call.ended', source: 'onestack/voice', orgid: 'demo', data });
    const result = validateEnvelope(JSON.parse(JSON.stringify(event)));
    expect(result).toEqual({ ok: true, envelope: event });
    expect(result.ok && result.envelope.data).toEqual(data);
  });
});

describe('decodeMessage', () => {
  it('decodes a valid event from text and from bytes', () => {
    const event = ticketEnvelope();
    const text = JSON.stringify(event);
    expect(decodeMessage(text)).toEqual({ ok: true, envelope: event });
    expect(decodeMessage(Buffer.from(text, 'utf8'))).toEqual({ ok: true, envelope: event });
  });

  it('refuses malformed JSON, saying so', () => {
    const text = JSON.stringify(ticketEnvelope()).slice(0, -5);
    expect(decodeMessage(text)).toMatchObject({ ok: false, reason: expect.stringContaining('malformed JSON') });
  });

  it('refuses an empty message (a tombstone)', () => {
    expect(decodeMessage(null)).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
  });

  it('refuses well-formed JSON that is not a valid event, naming the field', () => {
    const { orgid: _orgid, ...withoutOrg } = ticketEnvelope();
    expect(decodeMessage(JSON.stringify(withoutOrg))).toMatchObject({ ok: false, reason: expect.stringContaining('orgid') });
    const { ticketId: _ticketId, ...dataWithoutTicket } = ticketData;
    expect(decodeMessage(JSON.stringify({ ...ticketEnvelope(), data: dataWithoutTicket }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ticketId'),
    });
  });
});

describe('createEnvelope', () => {
  it('fills in a fresh id, the current time and the CloudEvents constants', () => {
    const before = Date.now();
    const first = createEnvelope({ type: 'crm.activity.logged', source: 'onegraph/crm', orgid: 'demo', data: { activityId: 'a', companyId: 'c' } });
    const second = createEnvelope({ type: 'crm.activity.logged', source: 'onegraph/crm', orgid: 'demo', data: { activityId: 'a', companyId: 'c' } });
    const after = Date.now();

    expect(first.id).not.toBe('');
    expect(second.id).not.toBe(first.id);
    const time = Date.parse(first.time);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
    expect(first).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', orgid: 'demo', type: 'crm.activity.logged' });
    expect(first).not.toHaveProperty('subject');
    expect(validateEnvelope(first).ok).toBe(true);
  });

  it('keeps an id, time and subject it is given', () => {
    const event = createEnvelope({
      type: 'psa.ticket.activity',
      source: 'onestack/psa',
      orgid: 'demo',
      id: 'evt-given',
      time: '2026-11-02T15:00:00.000Z',
      subject: 'ticket/T-1',
      data: ticketData,
    });
    expect(event).toMatchObject({ id: 'evt-given', time: '2026-11-02T15:00:00.000Z', subject: 'ticket/T-1', data: ticketData });
    expect(validateEnvelope(event)).toEqual({ ok: true, envelope: event });
  });
});
