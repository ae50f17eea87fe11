/**
 * Rows as the SQL stores return them; resolvers map them to GraphQL types.
 * `numeric` columns arrive as strings from PostgreSQL: no float rounding on
 * the way, and `Decimal` fields pass them on as they are.
 */

export interface AddressRow {
  street?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface CompanyRow {
  org_id: string;
  id: string;
  name: string;
  domain: string | null;
  domains: string[];
  phone: string | null;
  website: string | null;
  address: AddressRow | null;
  industry: string | null;
  owner_id: string | null;
  status: string;
  psa_sync_state: string;
  psa_client_id: string | null;
  /** When `promoteCompanyToClient` recorded the promotion (null for a company linked by PSA's event alone). */
  psa_promoted_at: Date | null;
  tags: string[];
  health_score: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface StatusChangeRow {
  seq: string;
  org_id: string;
  company_id: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  changed_by: string;
  changed_at: Date;
}

export interface PhoneEntry {
  number: string;
  kind: 'WORK' | 'MOBILE' | 'HOME' | 'OTHER';
}

export interface ContactRow {
  org_id: string;
  id: string;
  company_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  emails: string[];
  phone: string | null;
  phones: PhoneEntry[];
  phone_numbers: string[];
  title: string | null;
  is_primary: boolean;
  /** Never send sequence or campaign email (set by a user). */
  do_not_email: boolean;
  /** When the contact unsubscribed from sequence and campaign email; null while subscribed. */
  unsubscribed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface PipelineRow {
  org_id: string;
  id: string;
  name: string;
  currency: string;
  position: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface StageRow {
  org_id: string;
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: 'OPEN' | 'WON' | 'LOST';
  color: string | null;
}

/** A board column: computed per request. */
export interface StageColumnRow {
  stage: StageRow;
  count: number;
  totalValue: string;
  weightedValue: string;
}

export interface DealRow {
  org_id: string;
  id: string;
  company_id: string;
  pipeline_id: string;
  stage_id: string;
  contact_id: string | null;
  owner_id: string | null;
  title: string;
  /** The stage's name, kept with the deal. */
  stage: string;
  value: string;
  currency: string;
  probability: number | null;
  mrr: string;
  term_months: number | null;
  /** A `date`: drivers hand it over as a Date or a string (see `dateOnly`). */
  expected_close_date: string | Date | null;
  status: 'OPEN' | 'WON' | 'LOST';
  close_reason: string | null;
  closed_at: Date | null;
  stage_entered_at: Date;
  /** PSA opens a project when the deal is won (`requestPsaProject`). */
  create_psa_project: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface StageChangeRow {
  seq: string;
  org_id: string;
  deal_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  reason: string | null;
  changed_by: string;
  changed_at: Date;
}

export interface LineItemRow {
  org_id: string;
  owner_kind: 'deal' | 'quote';
  owner_id: string;
  position: number;
  service: string;
  description: string | null;
  quantity: string;
  unit_price: string;
  billing: 'ONE_OFF' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';
  gl_account: string;
  taxable: boolean;
}

export interface ActivityRow {
  org_id: string;
  id: string;
  company_id: string;
  contact_id: string | null;
  deal_id: string | null;
  type: string;
  summary: string;
  body: string | null;
  source: string;
  external_ref: string | null;
  duration_seconds: number | null;
  recording_url: string | null;
  direction: string | null;
  created_by: string | null;
  occurred_at: Date;
  created_at: Date;
}

export interface QuoteRow {
  org_id: string;
  id: string;
  number: string;
  title: string;
  status: 'DRAFT' | 'SENT' | 'VIEWED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED';
  company_id: string;
  deal_id: string | null;
  contact_id: string | null;
  currency: string;
  tax_rate: string;
  subtotal: string;
  tax: string;
  total: string;
  monthly_recurring: string;
  valid_until: string | Date | null;
  share_token: string | null;
  source: string;
  sent_at: Date | null;
  viewed_at: Date | null;
  decided_at: Date | null;
  decline_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface EsignRow {
  org_id: string;
  id: string;
  title: string;
  kind: 'CONTRACT' | 'ADDENDUM' | 'PROPOSAL' | 'POLICY';
  status: 'REQUESTED' | 'SENT' | 'VIEWED' | 'SIGNED' | 'DECLINED';
  company_id: string;
  deal_id: string | null;
  quote_id: string | null;
  signer_contact_id: string | null;
  signer_email: string | null;
  signed_name: string | null;
  psa_contract_ref: string | null;
  decline_reason: string | null;
  requested_at: Date;
  sent_at: Date | null;
  viewed_at: Date | null;
  signed_at: Date | null;
  declined_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface HealthRow {
  seq: string;
  org_id: string;
  company_id: string;
  score: number;
  engagement: number;
  csat: number | null;
  ticket_load: number | null;
  billing: number | null;
  reason: string;
  computed_at: Date;
}

/** The PSA sidebar's pipeline context of one company: computed per request. */
export interface PipelineSummaryRow {
  company: CompanyRow;
  deals: DealRow[];
  stages: Map<string, StageRow>;
}

/** Why a call is not on a timeline. */
export type UnmatchedReason = 'NO_CONTACT' | 'AMBIGUOUS' | 'INVALID_NUMBER';

/** A completed call as Voice reported it, kept once per call id; unmatched while `activity_id` is null. */
export interface VoiceCallRow {
  org_id: string;
  call_id: string;
  direction: 'INBOUND' | 'OUTBOUND';
  from_number: string;
  to_number: string;
  external_number: string;
  started_at: Date;
  duration_seconds: number;
  recording_url: string | null;
  agent_user_id: string;
  unmatched_reason: UnmatchedReason | null;
  activity_id: string | null;
  received_at: Date;
}

/** A connected M365 mailbox. */
export interface MailboxRow {
  org_id: string;
  id: string;
  address: string;
  connected_by: string;
  connected_at: Date;
  last_synced_at: Date | null;
  last_error: string | null;
}
