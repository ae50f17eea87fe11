import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { badInput, codedError, ErrorCode } from '@onegraph/errors';
import type { ActivityRow, ContactRow, UnmatchedReason } from '../../core/rows.ts';
import { activitiesByIds } from '../timeline/store.ts';
import { contactsWithPhone, insertVoiceCall, lockVoiceCall, setCallActivity, type NewVoiceCall } from './store.ts';
import { normalizePhone } from '../../core/phone.ts';
import { logToTimeline } from '../timeline/log.ts';
import { requireRow, type Unit } from '../../core/unit-of-work.ts';

/** A completed call as Voice reports it (`voice.call.completed`). */
export interface CompletedCall {
  callId: string;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  startedAt: string;
  durationSeconds: number;
  recordingUrl?: string | undefined;
  agentUserId: string;
}

/**
 * The external party's number in E.164: `from` inbound, `to` outbound. A
 * national number is read in the country of our own line (the other
 * number), which is how a person dialling would read it.
 */
export function externalNumber(call: Pick<CompletedCall, 'direction' | 'from' | 'to'>): { ok: true; e164: string } | { ok: false; raw: string } {
  const [external, own] = call.direction === 'inbound' ? [call.from, call.to] : [call.to, call.from];
  const direct = normalizePhone(external);
  if (direct.ok) return direct;
  const ours = normalizePhone(own);
  const region = ours.ok ? regionOf(ours.e164) : undefined;
  const national = region ? normalizePhone(external, region) : undefined;
  return national?.ok ? national : { ok: false, raw: external };
}

const regionOf = (e164: string): string | undefined => parsePhoneNumberFromString(e164)?.country;

const formatDuration = (seconds: number) => {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
};

/** Puts a call on a contact's timeline (and so their company's). */
async function logCall(unit: Unit, call: NewVoiceCall, contact: ContactRow): Promise<ActivityRow> {
  const name = `${contact.first_name} ${contact.last_name}`.trim();
  const row = await logToTimeline(unit, {
    companyId: contact.company_id,
    contactId: contact.id,
    type: 'CALL',
    summary: `${call.direction === 'INBOUND' ? 'Inbound call from' : 'Outbound call to'} ${name} (${call.external_number}, ${formatDuration(call.duration_seconds)})`,
    source: 'VOICE',
    externalRef: `voice-call:${call.call_id}`,
    durationSeconds: call.duration_seconds,
    recordingUrl: call.recording_url,
    direction: call.direction,
    // the agent on the call: the Hub user Voice names
    createdBy: call.agent_user_id,
    occurredAt: call.started_at,
  });
  await setCallActivity(unit.tx, unit.org, call.call_id, row.id);
  return row;
}

/**
 * Records a completed call once per call id, and logs it on the timeline of
 * the contact whose number it is. Contacts of one company sharing the
 * number (a front desk line) resolve to the one `contactByPhone` answers
 * with; contacts of several companies, or none, leave the call unmatched:
 * kept and listed for someone to link, never guessed.
 */
export async function recordCompletedCall(unit: Unit, data: CompletedCall): Promise<void> {
  const number = externalNumber(data);
  const contacts = number.ok ? await contactsWithPhone(unit.tx, unit.org, number.e164) : [];
  const companies = new Set(contacts.map((c) => c.company_id));
  const reason: UnmatchedReason | null = !number.ok ? 'INVALID_NUMBER' : companies.size === 0 ? 'NO_CONTACT' : companies.size > 1 ? 'AMBIGUOUS' : null;
  const call: NewVoiceCall = {
    call_id: data.callId,
    direction: data.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
    from_number: data.from,
    to_number: data.to,
    external_number: number.ok ? number.e164 : number.raw,
    started_at: new Date(data.startedAt),
    duration_seconds: data.durationSeconds,
    recording_url: data.recordingUrl ?? null,
    agent_user_id: data.agentUserId,
    unmatched_reason: reason,
    received_at: unit.now,
  };
  // a call Voice reported twice (a new event id for the same call) is known already
  if (!(await insertVoiceCall(unit.tx, unit.org, call))) return;
  if (reason === null) await logCall(unit, call, contacts[0]!);
}

/**
 * Logs an unmatched call on a contact's timeline. Again for the same
 * contact: the same entry; for another contact once logged: refused.
 */
export async function linkCall(unit: Unit, callId: string, contactId: string): Promise<ActivityRow> {
  const call = await lockVoiceCall(unit.tx, unit.org, callId);
  if (!call) throw codedError(ErrorCode.NOT_FOUND, `Call ${callId} was not found`, { id: callId, argument: 'callId' });
  const contact = await requireRow<ContactRow>(unit, 'contacts', 'Contact', contactId, 'contactId');
  if (call.activity_id) {
    const [logged] = await activitiesByIds(unit.tx, unit.org, [call.activity_id]);
    if (logged && logged.contact_id === contact.id) return logged;
    throw badInput(`Call ${callId} is already on the timeline of contact ${logged?.contact_id ?? 'unknown'}`, {
      argument: 'callId',
      activityId: call.activity_id,
    });
  }
  return logCall(unit, call, contact);
}
