import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CompanyRow, ContactRow, DealRow, ActivityRow, PipelineRow, StageRow, StageColumnRow, LineItemRow, StageChangeRow, StatusChangeRow, HealthRow, QuoteRow, EsignRow, PipelineSummaryRow, VoiceCallRow, MailboxRow } from '../core/rows.ts';
import type { CampaignSendRow, SkippedRecipientRow } from '../features/m365/campaign.ts';
import type { ParkedEventRow } from '../features/failed-events/store.ts';
import type { CrmContext } from '../core/context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar day, as an ISO 8601 date string (`2026-12-31`). */
  Date: { input: string; output: string; }
  /** An instant in time, as an ISO 8601 string with a time zone (UTC on output). */
  DateTime: { input: string; output: Date | string; }
  /**
   * An exact decimal amount as a string with up to two decimal places
   * (`"1200.50"`), in major units of the currency next to it. Never a float: no
   * rounding on the way. Input also accepts a number or a string with up to four
   * decimals for quantities; amounts are rounded half-up to cents when stored.
   */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** One entry of a timeline. */
export type Activity = {
  __typename?: 'Activity';
  /** Longer text: the note, the email body, the call notes. */
  body: Maybe<Scalars['String']['output']>;
  /** The company whose timeline it is on. */
  company: Company;
  /** The contact it concerns, if any. */
  contact: Maybe<Contact>;
  /** Hub user id of who logged it, or null for a product's event. */
  createdBy: Maybe<Scalars['String']['output']>;
  /** The deal it concerns, if any. */
  deal: Maybe<Deal>;
  /** Calls: INBOUND or OUTBOUND. */
  direction: Maybe<CallDirection>;
  /** Calls and meetings: how long, in seconds. */
  durationSeconds: Maybe<Scalars['Int']['output']>;
  /** Stable id (`act_…`). */
  id: Scalars['ID']['output'];
  /** When it happened (calls: when they started). */
  occurredAt: Scalars['DateTime']['output'];
  /** Calls: the recording link from Voice, when recording is on. */
  recordingUrl: Maybe<Scalars['String']['output']>;
  /** The product the activity came from. */
  source: SourceProduct;
  /** A one-line description, as shown on the timeline. */
  summary: Scalars['String']['output'];
  /** What kind of entry. */
  type: ActivityType;
};

/** A page of timeline entries (Relay connection). */
export type ActivityConnection = {
  __typename?: 'ActivityConnection';
  /** The items of this page, in order. */
  edges: Array<ActivityEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A timeline entry and its cursor. */
export type ActivityEdge = {
  __typename?: 'ActivityEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Activity;
};

/** Narrows the organisation-wide timeline. */
export type ActivityFilter = {
  /** On this company’s timeline. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Concerning this contact. */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** Concerning this deal. */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** Occurred at or after. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these types. */
  types?: InputMaybe<Array<ActivityType>>;
  /** Occurred before. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** What kind of timeline entry. */
export type ActivityType =
  /** A phone call. */
  | 'CALL'
  /** An email. */
  | 'EMAIL'
  /** An e-sign document was requested, sent, viewed, signed or declined. */
  | 'ESIGN'
  /** A meeting. */
  | 'MEETING'
  /** A note. */
  | 'NOTE'
  /** A quote was created, sent, viewed, accepted, declined or expired. */
  | 'QUOTE'
  /** A deal moved stage. */
  | 'STAGE_CHANGE'
  /** A task. */
  | 'TASK'
  /** PSA ticket activity. */
  | 'TICKET';

/** A postal address. */
export type Address = {
  __typename?: 'Address';
  /** City or town. */
  city: Maybe<Scalars['String']['output']>;
  /** ISO 3166-1 alpha-2 country code, e.g. US, GB. Also the default region for national phone numbers of the company's contacts. */
  country: Maybe<Scalars['String']['output']>;
  /** Postal or ZIP code. */
  postalCode: Maybe<Scalars['String']['output']>;
  /** State, county or region. */
  region: Maybe<Scalars['String']['output']>;
  /** Street and number. */
  street: Maybe<Scalars['String']['output']>;
};

/** A postal address as input; every part optional. */
export type AddressInput = {
  /** City or town. */
  city?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166-1 alpha-2 country code. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** Postal or ZIP code. */
  postalCode?: InputMaybe<Scalars['String']['input']>;
  /** State, county or region. */
  region?: InputMaybe<Scalars['String']['input']>;
  /** Street and number. */
  street?: InputMaybe<Scalars['String']['input']>;
};

/** How a line item is billed. */
export type BillingFrequency =
  /** Billed every year. */
  | 'ANNUALLY'
  /** Billed every month. */
  | 'MONTHLY'
  /** Billed once. */
  | 'ONE_OFF'
  /** Billed every three months. */
  | 'QUARTERLY';

/** Which way a call went. */
export type CallDirection =
  /** The contact called. */
  | 'INBOUND'
  /** The MSP called. */
  | 'OUTBOUND';

/** What a campaign send did with each contact. */
export type CampaignSendResult = {
  __typename?: 'CampaignSendResult';
  /** The timeline entries of the emails sent, in the order of `contactIds`. */
  sent: Array<Activity>;
  /** The contacts skipped, with why. */
  skipped: Array<CampaignSkippedRecipient>;
};

/** A contact a campaign did not email, and why. */
export type CampaignSkippedRecipient = {
  __typename?: 'CampaignSkippedRecipient';
  /** The contact. */
  contact: Contact;
  /** Why they were skipped. */
  reason: EmailBlockReason;
};

/** A customer or prospect organisation of the MSP. */
export type Company = {
  __typename?: 'Company';
  /** The company's timeline, newest first; filter by type and time. */
  activities: ActivityConnection;
  /** Postal address. */
  address: Maybe<Address>;
  /** The people who work there, primary contact first. */
  contacts: Array<Contact>;
  /** When the company was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Deals with this company, newest first. */
  deals: Array<Deal>;
  /** The primary web domain, used to match incoming email (the first of `domains`). */
  domain: Maybe<Scalars['String']['output']>;
  /** Every web domain of the company, lower case, primary first. */
  domains: Array<Scalars['String']['output']>;
  /** The current health score and its components; null until first computed. */
  health: Maybe<HealthScore>;
  /** Health scores as they changed, newest first. */
  healthHistory: HealthScoreConnection;
  /** Stable id (`cmp_…`). */
  id: Scalars['ID']['output'];
  /** Industry or vertical, e.g. Legal, Healthcare. */
  industry: Maybe<Scalars['String']['output']>;
  /** The newest timeline entry, or null when the timeline is empty. */
  latestActivity: Maybe<Activity>;
  /** Legal or trading name. */
  name: Scalars['String']['output'];
  /** The Hub user id of the account owner (sales rep). */
  ownerId: Maybe<Scalars['ID']['output']>;
  /** Main phone number in E.164 form. */
  phone: Maybe<Scalars['String']['output']>;
  /** PSA's client id once PSA confirmed the promotion. */
  psaClientId: Maybe<Scalars['ID']['output']>;
  /** Whether the company is a PSA client. */
  psaSyncState: PsaSyncState;
  /** Quotes for this company, newest first. */
  quotes: Array<Quote>;
  /** Where the company stands with the MSP. */
  status: CompanyStatus;
  /** Every status change, newest first. */
  statusHistory: Array<CompanyStatusChange>;
  /** Free-form labels, lower case. */
  tags: Array<Scalars['String']['output']>;
  /** When the company last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Optimistic concurrency token: send it back as `expectedVersion` when updating. */
  version: Scalars['Int']['output'];
  /** Website URL. */
  website: Maybe<Scalars['String']['output']>;
};


/** A customer or prospect organisation of the MSP. */
export type CompanyActivitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TimelineFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** A customer or prospect organisation of the MSP. */
export type CompanyHealthHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of companies (Relay connection). */
export type CompanyConnection = {
  __typename?: 'CompanyConnection';
  /** The items of this page, in order. */
  edges: Array<CompanyEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A company and its cursor. */
export type CompanyEdge = {
  __typename?: 'CompanyEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Company;
};

/** Which companies to list; every condition given must hold. */
export type CompanyFilter = {
  /** Health score below this (companies without a score are left out). */
  healthBelow?: InputMaybe<Scalars['Int']['input']>;
  /** Owned by this Hub user. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** Whether it is a PSA client. */
  psaSyncState?: InputMaybe<PsaSyncState>;
  /** Name or domain contains this text (case-insensitive). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<CompanyStatus>>;
  /** Carrying any of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** How to sort companies (ties broken by id). */
export type CompanyOrder = {
  /** Ascending or descending. */
  direction?: SortDirection;
  /** What to sort by. */
  field?: CompanySortField;
};

/** What companies can be sorted by. */
export type CompanySortField =
  /** By creation time. */
  | 'CREATED_AT'
  /** Companies without a score sort as -1. */
  | 'HEALTH_SCORE'
  /** By name. */
  | 'NAME'
  /** By last change. */
  | 'UPDATED_AT';

/** Where a company stands with the MSP. */
export type CompanyStatus =
  /** Engaged, not (yet) under contract. */
  | 'ACTIVE'
  /** A client that left. */
  | 'CHURNED'
  /** An active client under contract. */
  | 'CUSTOMER'
  /** A former or dormant client. */
  | 'INACTIVE'
  /** Not qualified yet. */
  | 'LEAD'
  /** Qualified, being sold to. */
  | 'PROSPECT'
  /** Service suspended (e.g. unpaid). */
  | 'SUSPENDED';

/** One change of a company's status. */
export type CompanyStatusChange = {
  __typename?: 'CompanyStatusChange';
  /** When it changed. */
  changedAt: Scalars['DateTime']['output'];
  /** The Hub user id or product that changed it. */
  changedBy: Scalars['String']['output'];
  /** The status before; null for the initial status. */
  from: Maybe<CompanyStatus>;
  /** Why, when the caller said. */
  reason: Maybe<Scalars['String']['output']>;
  /** The status after. */
  to: CompanyStatus;
};

/** A mailbox to connect. */
export type ConnectMailboxInput = {
  /** The mailbox's email address, e.g. sales@yourmsp.com. */
  address: Scalars['String']['input'];
};

/** A person at a company. */
export type Contact = {
  __typename?: 'Contact';
  /** This contact's timeline, newest first. */
  activities: ActivityConnection;
  /** The company the contact works at. */
  company: Company;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Never send this contact sequence or campaign email (set with `setContactEmailConsent`). */
  doNotEmail: Scalars['Boolean']['output'];
  /** The primary email address (the first of `emails`). */
  email: Maybe<Scalars['String']['output']>;
  /**
   * Why sequence and campaign email may not go to the contact now (flagged,
   * unsubscribed, their address bounced, no address); null when it may.
   */
  emailBlockedReason: Maybe<EmailBlockReason>;
  /** Every email address, lower case, primary first. */
  emails: Array<Scalars['String']['output']>;
  /** Given name. */
  firstName: Scalars['String']['output'];
  /** Stable id (`con_…`). */
  id: Scalars['ID']['output'];
  /** Whether this is the company's primary contact (at most one per company). */
  isPrimary: Scalars['Boolean']['output'];
  /** Family name (may be empty). */
  lastName: Scalars['String']['output'];
  /** First and last name. */
  name: Scalars['String']['output'];
  /** The primary phone number in E.164 form (the first of `phones`). */
  phone: Maybe<Scalars['String']['output']>;
  /** Every phone number, in E.164 form. */
  phones: Array<ContactPhone>;
  /** Job title. */
  title: Maybe<Scalars['String']['output']>;
  /** When the contact unsubscribed from sequence and campaign email; null while subscribed. */
  unsubscribedAt: Maybe<Scalars['DateTime']['output']>;
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Optimistic concurrency token. */
  version: Scalars['Int']['output'];
};


/** A person at a company. */
export type ContactActivitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TimelineFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of contacts (Relay connection). */
export type ContactConnection = {
  __typename?: 'ContactConnection';
  /** The items of this page, in order. */
  edges: Array<ContactEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A contact and its cursor. */
export type ContactEdge = {
  __typename?: 'ContactEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Contact;
};

/** Which contacts to list. */
export type ContactFilter = {
  /** Working at this company. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Has this email address (exact, case-insensitive). */
  email?: InputMaybe<Scalars['String']['input']>;
  /** Primary contacts only (true) or others only (false). */
  isPrimary?: InputMaybe<Scalars['Boolean']['input']>;
  /** Name or email contains this text (case-insensitive). */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** How to sort contacts (ties broken by id). */
export type ContactOrder = {
  /** Ascending or descending. */
  direction?: SortDirection;
  /** What to sort by. */
  field?: ContactSortField;
};

/** A phone number of a contact. */
export type ContactPhone = {
  __typename?: 'ContactPhone';
  /** Work, mobile, home or other. */
  kind: PhoneKind;
  /** E.164, e.g. +14155550101. */
  number: Scalars['String']['output'];
};

/** A phone number as input: any common notation, normalised to E.164. */
export type ContactPhoneInput = {
  /** Default WORK. */
  kind?: InputMaybe<PhoneKind>;
  /** The number, in any common notation (normalised to E.164). */
  number: Scalars['String']['input'];
};

/** What contacts can be sorted by. */
export type ContactSortField =
  /** By creation time. */
  | 'CREATED_AT'
  /** Last name, then first name. */
  | 'NAME'
  /** By last change. */
  | 'UPDATED_AT';

/** A new company. */
export type CreateCompanyInput = {
  /** Postal address; its country reads national phone numbers. */
  address?: InputMaybe<AddressInput>;
  /** Web domains (e.g. `acme.com`), primary first. */
  domains?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Industry or vertical. */
  industry?: InputMaybe<Scalars['String']['input']>;
  /** 1–200 characters. */
  name: Scalars['String']['input'];
  /** Hub user id of the owner. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** Any common notation; stored in E.164. A national number needs `address.country` or `phoneRegion`. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166 country code used to read a national `phone` (defaults to `address.country`). */
  phoneRegion?: InputMaybe<Scalars['String']['input']>;
  /** Default PROSPECT. */
  status?: InputMaybe<CompanyStatus>;
  /** Free-form labels (stored lower case). */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** http(s) URL. */
  website?: InputMaybe<Scalars['String']['input']>;
};

/** A new contact. */
export type CreateContactInput = {
  /** The company the contact works at. */
  companyId: Scalars['ID']['input'];
  /** Email addresses, primary first. */
  emails?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Given name (1–100 characters). */
  firstName: Scalars['String']['input'];
  /** Makes this the company's primary contact (the previous one stops being it). */
  isPrimary?: InputMaybe<Scalars['Boolean']['input']>;
  /** May be empty. */
  lastName?: InputMaybe<Scalars['String']['input']>;
  /**
   * ISO 3166 country code for national phone numbers (e.g. `GB` for
   * `020 7183 8750`); defaults to the company's address country.
   */
  phoneRegion?: InputMaybe<Scalars['String']['input']>;
  /** Phone numbers, primary first. */
  phones?: InputMaybe<Array<ContactPhoneInput>>;
  /** Job title. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** A new deal. */
export type CreateDealInput = {
  /** The company the deal is with. */
  companyId: Scalars['ID']['input'];
  /** Default: the pipeline's currency. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** When the deal is expected to close. */
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  /** Line items (see `setDealLineItems`). */
  lineItems?: InputMaybe<Array<LineItemInput>>;
  /** Monthly recurring revenue. */
  mrr?: InputMaybe<Scalars['Decimal']['input']>;
  /** Hub user id of the owner. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** The pipeline the deal goes in. */
  pipelineId: Scalars['ID']['input'];
  /** Must belong to the company. */
  primaryContactId?: InputMaybe<Scalars['ID']['input']>;
  /** Overrides the stage's probability, 0–100. */
  probability?: InputMaybe<Scalars['Int']['input']>;
  /** Default: the pipeline's first open stage. */
  stageId?: InputMaybe<Scalars['ID']['input']>;
  /** Contract term in months (1–120). */
  termMonths?: InputMaybe<Scalars['Int']['input']>;
  /** What is being sold (1–200 characters). */
  title: Scalars['String']['input'];
  /** Default 0 (or the line items' total when given). */
  value?: InputMaybe<Scalars['Decimal']['input']>;
};

/** A new pipeline. */
export type CreatePipelineInput = {
  /** ISO 4217, default USD. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Pipeline name (1–100 characters). */
  name: Scalars['String']['input'];
  /** In board order; exactly one WON and one LOST stage, at least one OPEN. */
  stages: Array<PipelineStageInput>;
};

/** A new quote. */
export type CreateQuoteInput = {
  /** Required without `dealId`. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Who the quote is addressed to (default: the deal’s primary contact). */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** Default: the deal's currency, or USD. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Build from this deal (its line items unless `lines` are given). */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** Default: the deal's line items. */
  lines?: InputMaybe<Array<LineItemInput>>;
  /** Default CRM; PSA for PSA's quick quotes. */
  source?: InputMaybe<SourceProduct>;
  /** Percent, 0–100, default 0. */
  taxRate?: InputMaybe<Scalars['Decimal']['input']>;
  /** Default: the deal's title, or `Quote`. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Last day the quote can be accepted. */
  validUntil?: InputMaybe<Scalars['Date']['input']>;
};

/** An amount in one currency. */
export type CurrencyTotal = {
  __typename?: 'CurrencyTotal';
  /** ISO 4217. */
  currency: Scalars['String']['output'];
  /** Sum of values. */
  value: Scalars['Decimal']['output'];
  /** Sum of value × probability ÷ 100 (equal to `value` for won deals). */
  weightedValue: Scalars['Decimal']['output'];
};

/** A sales opportunity. */
export type Deal = {
  __typename?: 'Deal';
  /** This deal's timeline, newest first. */
  activities: ActivityConnection;
  /** Why the deal was won or lost. */
  closeReason: Maybe<Scalars['String']['output']>;
  /** When it was won or lost. */
  closedAt: Maybe<Scalars['DateTime']['output']>;
  /** The company the deal is with. */
  company: Company;
  /** Whether PSA opens a project for this deal when it is won (`requestPsaProject`). */
  createPsaProject: Scalars['Boolean']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  /** Whole days in the current stage. */
  daysInStage: Scalars['Int']['output'];
  /** When the deal is expected to close. */
  expectedCloseDate: Maybe<Scalars['Date']['output']>;
  /** Stable id (`deal_…`). */
  id: Scalars['ID']['output'];
  /** Products and services sold, in order. */
  lineItems: Array<LineItem>;
  /** Monthly recurring revenue. */
  mrr: Scalars['Decimal']['output'];
  /**
   * The deal owner as Hub knows them (name and email). Null when the deal has
   * no owner, Hub is not connected, or Hub no longer has the user.
   */
  owner: Maybe<HubUser>;
  /** Hub user id of the deal owner. */
  ownerId: Maybe<Scalars['ID']['output']>;
  /** The pipeline the deal is in. */
  pipeline: Pipeline;
  /** The stage the deal is in. */
  pipelineStage: PipelineStage;
  /** The main contact for this deal. */
  primaryContact: Maybe<Contact>;
  /** Win probability in percent: the override when set, else the stage's. */
  probability: Scalars['Int']['output'];
  /** Quotes made from this deal, newest first. */
  quotes: Array<Quote>;
  /** The name of the stage the deal is in. */
  stage: Scalars['String']['output'];
  /** When it entered its current stage. */
  stageEnteredAt: Scalars['DateTime']['output'];
  /** Every stage move, newest first. */
  stageHistory: Array<DealStageChange>;
  /** OPEN while worked, then WON or LOST. */
  status: DealStatus;
  /** Contract term in months (for recurring revenue). */
  termMonths: Maybe<Scalars['Int']['output']>;
  /** What is being sold. */
  title: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Total contract value in `currency`. */
  value: Scalars['Decimal']['output'];
  /** Optimistic concurrency token. */
  version: Scalars['Int']['output'];
  /** value × probability ÷ 100. */
  weightedValue: Scalars['Decimal']['output'];
};


/** A sales opportunity. */
export type DealActivitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TimelineFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of deals (Relay connection). */
export type DealConnection = {
  __typename?: 'DealConnection';
  /** The items of this page, in order. */
  edges: Array<DealEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A deal and its cursor. */
export type DealEdge = {
  __typename?: 'DealEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Deal;
};

/** Which deals to list. */
export type DealFilter = {
  /** With this company. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Expected to close on or after this day. */
  expectedCloseFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Expected to close on or before this day. */
  expectedCloseTo?: InputMaybe<Scalars['Date']['input']>;
  /** Owned by this Hub user. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** In this pipeline. */
  pipelineId?: InputMaybe<Scalars['ID']['input']>;
  /** Title contains this text (case-insensitive). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** In this stage. */
  stageId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<DealStatus>>;
};

/** How to sort deals (ties broken by id). */
export type DealOrder = {
  /** Ascending or descending. */
  direction?: SortDirection;
  /** What to sort by. */
  field?: DealSortField;
};

/** What deals can be sorted by. */
export type DealSortField =
  /** By creation time. */
  | 'CREATED_AT'
  /** Deals without a date sort last ascending. */
  | 'EXPECTED_CLOSE_DATE'
  /** By title, case-insensitive. */
  | 'TITLE'
  /** By last change. */
  | 'UPDATED_AT'
  /** By value. */
  | 'VALUE';

/** One stage move of a deal. */
export type DealStageChange = {
  __typename?: 'DealStageChange';
  /** When it changed. */
  changedAt: Scalars['DateTime']['output'];
  /** Hub user id, or the product that moved it. */
  changedBy: Scalars['String']['output'];
  /** The deal that moved. */
  deal: Deal;
  /** Null for the stage the deal was created in. */
  fromStage: Maybe<PipelineStage>;
  /** Why (required when moving to LOST). */
  reason: Maybe<Scalars['String']['output']>;
  /** The stage it moved to. */
  toStage: PipelineStage;
};

/** Whether a deal is still being worked. */
export type DealStatus =
  /** Closed lost. */
  | 'LOST'
  /** Being worked. */
  | 'OPEN'
  /** Closed won. */
  | 'WON';

/** Why sequence and campaign email may not go to a contact. */
export type EmailBlockReason =
  /** Mail to the contact's address bounced (a non-delivery report came back through the M365 sync). */
  | 'BOUNCED'
  /** The contact is flagged do-not-email. */
  | 'DO_NOT_EMAIL'
  /** The contact has no email address. */
  | 'NO_ADDRESS'
  /** The contact unsubscribed. */
  | 'UNSUBSCRIBED';

/** A document sent for electronic signature (contract, addendum, proposal, policy). */
export type EsignDocument = {
  __typename?: 'EsignDocument';
  /** The company it belongs to. */
  company: Company;
  /** The deal it belongs to; signing a CONTRACT closes an open deal as WON. */
  deal: Maybe<Deal>;
  /** Why it was declined. */
  declineReason: Maybe<Scalars['String']['output']>;
  /** When it was declined. */
  declinedAt: Maybe<Scalars['DateTime']['output']>;
  /** Stable id (`esg_…`). */
  id: Scalars['ID']['output'];
  /** What kind it is. */
  kind: EsignKind;
  /** The document's link in the client portal, once sent there. */
  portalUrl: Maybe<Scalars['String']['output']>;
  /** PSA's contract reference, for addendums triggered by a PSA contract change. */
  psaContractRef: Maybe<Scalars['String']['output']>;
  /** The quote it was made from, if any. */
  quote: Maybe<Quote>;
  /** When the signature was requested. */
  requestedAt: Scalars['DateTime']['output'];
  /** When it was sent. */
  sentAt: Maybe<Scalars['DateTime']['output']>;
  /** When it was signed. */
  signedAt: Maybe<Scalars['DateTime']['output']>;
  /** The name the signer typed. */
  signedName: Maybe<Scalars['String']['output']>;
  /** The signer. */
  signer: Maybe<Contact>;
  /** Where the signature request goes. */
  signerEmail: Maybe<Scalars['String']['output']>;
  /** Status. */
  status: EsignStatus;
  /** Title. */
  title: Scalars['String']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Optimistic concurrency token. */
  version: Scalars['Int']['output'];
  /** When it was first viewed. */
  viewedAt: Maybe<Scalars['DateTime']['output']>;
};

/** A page of e-sign documents (Relay connection). */
export type EsignDocumentConnection = {
  __typename?: 'EsignDocumentConnection';
  /** The items of this page, in order. */
  edges: Array<EsignDocumentEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** An e-sign document and its cursor. */
export type EsignDocumentEdge = {
  __typename?: 'EsignDocumentEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: EsignDocument;
};

/** Which e-sign documents to list. */
export type EsignFilter = {
  /** For this company. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** For this deal. */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these kinds. */
  kind?: InputMaybe<Array<EsignKind>>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<EsignStatus>>;
};

/** What is being signed. */
export type EsignKind =
  /** An addendum to a contract (e.g. from a PSA contract change). */
  | 'ADDENDUM'
  /** A contract; signing it closes its open deal as won. */
  | 'CONTRACT'
  /** A policy to acknowledge (Portal). */
  | 'POLICY'
  /** A proposal. */
  | 'PROPOSAL';

/** Where an e-sign document stands. */
export type EsignStatus =
  /** Declined by the signer. */
  | 'DECLINED'
  /** Created, not sent yet. */
  | 'REQUESTED'
  /** Sent to the signer. */
  | 'SENT'
  /** Signed. */
  | 'SIGNED'
  /** Opened by the signer. */
  | 'VIEWED';

/**
 * How a Bus consumer gave up on an event. The same enum in every subgraph
 * whose consumers list their failed events.
 */
export type FailedEventKind =
  /** Applying it failed through every retry, or with an error no retry can fix; the Bus also wrote it to the topic's DLQ. */
  | 'DEAD_LETTERED'
  /** It names something the service does not have (yet), e.g. an unknown company: kept, not retried, until an admin replays it. */
  | 'PARKED';

/** How much risk a health score signals. */
export type HealthRisk =
  /** Score below 40. */
  | 'HIGH'
  /** Score 70 or above. */
  | 'LOW'
  /** Score 40 to 69. */
  | 'MEDIUM';

/** A company's health, 0–100 (see docs/health-score.md for the weights). */
export type HealthScore = {
  __typename?: 'HealthScore';
  /** Billing standing from Books, 0–100; null when unknown. */
  billing: Maybe<Scalars['Int']['output']>;
  /** When it was computed. */
  computedAt: Scalars['DateTime']['output'];
  /** Support satisfaction from PSA's CSAT scores (last 90 days), 0–100; null when PSA reported none. */
  csat: Maybe<Scalars['Int']['output']>;
  /** Engagement from the timeline (recency and frequency of calls, meetings, emails, notes), 0–100. */
  engagement: Scalars['Int']['output'];
  /** What triggered this computation, e.g. `activity.logged`, `psa.csat.recorded`. */
  reason: Scalars['String']['output'];
  /** LOW (score ≥ 70), MEDIUM (40–69) or HIGH (< 40) risk. */
  risk: HealthRisk;
  /** The weighted score, 0–100; higher is healthier. */
  score: Scalars['Int']['output'];
  /** Ticket load from PSA (open tickets, tickets in the last 30 days), 0–100 where 100 is no load; null without PSA data. */
  ticketLoad: Maybe<Scalars['Int']['output']>;
};

/** A page of health scores (Relay connection). */
export type HealthScoreConnection = {
  __typename?: 'HealthScoreConnection';
  /** The items of this page, in order. */
  edges: Array<HealthScoreEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A health score and its cursor. */
export type HealthScoreEdge = {
  __typename?: 'HealthScoreEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: HealthScore;
};

/** A user of the organisation in Hub, The One Stack's identity layer (for example a deal's owner). */
export type HubUser = {
  __typename?: 'HubUser';
  /** The user's email address in Hub. */
  email: Scalars['String']['output'];
  /** Hub's user id (what `ownerId` holds). */
  id: Scalars['ID']['output'];
  /** The user's display name in Hub. */
  name: Scalars['String']['output'];
};

/** One product or service on a deal or quote. */
export type LineItem = {
  __typename?: 'LineItem';
  /** quantity × unitPrice, rounded to cents. */
  amount: Scalars['Decimal']['output'];
  /** One-off, or recurring and how often it is billed. */
  billing: BillingFrequency;
  /** Longer description shown on quotes. */
  description: Maybe<Scalars['String']['output']>;
  /** The Books GL account the revenue maps to (default 4000 Service Revenue for recurring, 4100 Project Revenue for one-off). */
  glAccount: Scalars['String']['output'];
  /** Up to two decimals (hours, seats, devices). */
  quantity: Scalars['Decimal']['output'];
  /** Service or product name. */
  service: Scalars['String']['output'];
  /** Whether tax applies (quotes). */
  taxable: Scalars['Boolean']['output'];
  /** Price of one unit. */
  unitPrice: Scalars['Decimal']['output'];
};

/** A line item as input. */
export type LineItemInput = {
  /** Default ONE_OFF. */
  billing?: InputMaybe<BillingFrequency>;
  /** Longer description shown on quotes. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Books GL account code (digits); default by billing (see LineItem.glAccount). */
  glAccount?: InputMaybe<Scalars['String']['input']>;
  /** Positive, up to two decimals. Default 1. */
  quantity?: InputMaybe<Scalars['Decimal']['input']>;
  /** Service or product name (1–200 characters). */
  service: Scalars['String']['input'];
  /** Default true. */
  taxable?: InputMaybe<Scalars['Boolean']['input']>;
  /** Zero or more, up to two decimals. */
  unitPrice: Scalars['Decimal']['input'];
};

/** A timeline entry to log. Give a company, or a contact or deal (whose company it then goes on). */
export type LogActivityInput = {
  /** Longer text: the note, email body or call notes. */
  body?: InputMaybe<Scalars['String']['input']>;
  /** The company whose timeline it goes on. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** The contact it concerns (their company’s timeline too). */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** The deal it concerns (its company’s timeline too). */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** Calls: INBOUND or OUTBOUND. */
  direction?: InputMaybe<CallDirection>;
  /** Calls and meetings: duration in seconds. */
  durationSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** Default now. */
  occurredAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** http(s) URL. */
  recordingUrl?: InputMaybe<Scalars['String']['input']>;
  /** Default CRM; VOICE for calls from Voice, M365 for synced email. */
  source?: InputMaybe<SourceProduct>;
  /** One line, as shown on the timeline (1–500 characters). */
  summary: Scalars['String']['input'];
  /** NOTE, CALL, EMAIL, MEETING or TASK (the other types are logged by the CRM itself). */
  type: ActivityType;
};

/** A Microsoft 365 mailbox connected for email sync. */
export type Mailbox = {
  __typename?: 'Mailbox';
  /** The mailbox's address (lower case). */
  address: Scalars['String']['output'];
  /** When it was connected. */
  connectedAt: Scalars['DateTime']['output'];
  /** Hub user id of who connected it. */
  connectedBy: Scalars['String']['output'];
  /** Stable id (`mbx_…`). */
  id: Scalars['ID']['output'];
  /** Why its last sync failed, if it did (cleared by the next good one). */
  lastError: Maybe<Scalars['String']['output']>;
  /** When its last sync finished, if one has. */
  lastSyncedAt: Maybe<Scalars['DateTime']['output']>;
};

/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Connects a Microsoft 365 mailbox: its inbox and sent items are synced to
   * the timelines every few minutes. Connecting a connected address returns
   * it as it is. Owner and Admin only.
   */
  connectMailbox: Mailbox;
  /** Creates a company. Emits `crm.company.created`. */
  createCompany: Company;
  /** Creates a contact of a company. Emits `crm.contact.created`. */
  createContact: Contact;
  /** Creates a deal in a pipeline's stage (the first open stage by default). Emits `crm.deal.created`. */
  createDeal: Deal;
  /** Creates a pipeline with its stages (exactly one WON and one LOST stage). Emits `crm.pipeline.created`. */
  createPipeline: Pipeline;
  /**
   * Creates a DRAFT quote: from a deal's line items (`dealId` without `lines`),
   * or directly with `lines` (the PSA "quick quote" path, `companyId` required
   * then). Emits `crm.quote.created`.
   */
  createQuote: Quote;
  /** Deletes a contact; its timeline entries stay on the company. Emits `crm.contact.deleted`. Returns its id. */
  deleteContact: Scalars['ID']['output'];
  /** Stops syncing a mailbox; the emails already logged stay on the timelines. Owner and Admin only. */
  disconnectMailbox: Mailbox;
  /**
   * Logs an unmatched call on a contact's timeline (and its company's) and
   * removes it from `unmatchedCalls`. Linking it to the same contact again
   * returns the same entry; NOT_FOUND for an unknown call or contact,
   * BAD_USER_INPUT when the call is already on another contact's timeline.
   */
  linkCall: Activity;
  /** Logs a note, call, email, meeting or task on a timeline. Emits `crm.activity.logged`. */
  logActivity: Activity;
  /**
   * Moves a deal to another stage of its pipeline, recording it in the stage
   * history and on the timeline. Into the WON stage: status WON; into the LOST
   * stage: status LOST, `reason` required. INVALID_TRANSITION for a closed deal
   * (reopen it with `reopenDeal`), a stage of another pipeline, or its current
   * stage. Emits `crm.deal.stage_changed` and `crm.deal.won` or `crm.deal.lost`.
   */
  moveDeal: Deal;
  /**
   * Promotes a company to a PSA client, synchronously over PSA's API: PSA
   * creates the client with the company's contacts that have an email (the
   * others are listed as skipped in the event) and the recurring services of
   * its won deals as the contract; then the company is linked (`psaClientId`,
   * `psaSyncState` LINKED, status CUSTOMER) and `crm.company.promoted` is
   * emitted, in one transaction. Safe to retry: a retry never creates a
   * second PSA client, and a company already linked is returned unchanged.
   * PSA down or slow: SERVICE_UNAVAILABLE with `extensions.retryable: true`,
   * and nothing is written. Owner and Admin only.
   */
  promoteCompanyToClient: Company;
  /**
   * Records an e-sign step: REQUESTED → SENT → VIEWED → SIGNED | DECLINED (SENT
   * may go straight to SIGNED or DECLINED). Signing needs `signedName`; signing
   * a CONTRACT whose deal is open closes the deal as WON. Logged on the
   * timeline; emits `crm.esign.<status>` (and the deal's events).
   */
  recordEsignEvent: EsignDocument;
  /** Reopens a WON or LOST deal into an open stage. Emits `crm.deal.stage_changed`. */
  reopenDeal: Deal;
  /**
   * Applies a parked or dead-lettered event again through the consumer that
   * gave up on it, once what it names exists or what failed is fixed; it is
   * applied exactly once. Still failing: parked or dead-lettered again with
   * the new reason (`resolvedAt` null). INVALID_TRANSITION for an event
   * replayed already. Owner and Admin only.
   */
  replayParkedEvent: ParkedEvent;
  /** Requests a signature on a document (status REQUESTED). Emits `crm.esign.requested`. */
  requestEsignature: EsignDocument;
  /**
   * Asks PSA to open a project for this deal when it is won (by `moveDeal`, a
   * signed e-sign contract or PSA's contract signature): `crm.deal.won`
   * carries `createPsaProject`, and the project shows as `Deal.psaProject`.
   * Emits `crm.deal.updated`. INVALID_TRANSITION for a deal already closed.
   */
  requestPsaProject: Deal;
  /**
   * Sends one campaign email to each contact through a connected mailbox and
   * logs each on its contact's timeline. Contacts who may not get it
   * (`emailBlockedReason`) are skipped and reported, not refused; the others
   * are sent one by one. Repeating a call with the same `idempotencyKey`
   * sends nothing more to the contacts it reached.
   */
  sendCampaign: CampaignSendResult;
  /**
   * Sends a sequence or campaign email to a contact through a connected
   * mailbox (Microsoft Graph sendMail) and logs it on the contact's timeline.
   * Repeating a call with the same `idempotencyKey` sends nothing more and
   * returns the same entry. EMAIL_NOT_PERMITTED (with `reason`) for a
   * contact flagged do-not-email, unsubscribed, whose address bounced, or
   * without an address.
   */
  sendEmail: Activity;
  /**
   * Sends a document for signature through the company's client portal
   * (REQUESTED → SENT). FORBIDDEN when the company has no portal or its `esign`
   * toggle is off. Portal reports the signature (`portal.document.signed` →
   * SIGNED; a CONTRACT closes its open deal as WON).
   */
  sendEsignViaPortal: EsignDocument;
  /**
   * Records a contact's email consent: `doNotEmail` flags them, `unsubscribed`
   * records (or withdraws) their unsubscription; a field left out keeps its
   * value. Sequence and campaign email is never sent to a flagged or
   * unsubscribed contact.
   */
  setContactEmailConsent: Contact;
  /**
   * Replaces a deal's line items. The deal's `value` becomes the total contract
   * value (one-off items plus recurring items over `termMonths`) and its `mrr`
   * the monthly equivalent of the recurring items. Emits `crm.deal.updated`.
   * Open and won deals (a won deal's change amends its Books billing setup);
   * INVALID_TRANSITION for a lost deal (reopen it first).
   */
  setDealLineItems: Deal;
  /**
   * Moves a quote along DRAFT → SENT → VIEWED → ACCEPTED | DECLINED | EXPIRED
   * (SENT may go straight to ACCEPTED, DECLINED or EXPIRED). INVALID_TRANSITION
   * otherwise. Logged on the timeline; emits `crm.quote.<status>`.
   */
  setQuoteStatus: Quote;
  /**
   * Shares a quote through the company's client portal (a DRAFT quote is sent
   * first). FORBIDDEN when the company has no portal or its `quotes` toggle is
   * off; INVALID_TRANSITION for a decided quote. Portal reports when the
   * client views it (`portal.quote.viewed` → VIEWED).
   */
  shareQuoteViaPortal: Quote;
  /** Syncs a mailbox now rather than at the next interval; resolves when the sync is done. Owner and Admin only. */
  syncMailboxNow: Mailbox;
  /** Changes a company; a status change is kept in its status history. Emits `crm.company.updated`. */
  updateCompany: Company;
  /** Changes a contact. Emits `crm.contact.updated`. */
  updateContact: Contact;
  /** Changes a deal's fields (not its stage: see `moveDeal`). Emits `crm.deal.updated`. */
  updateDeal: Deal;
  /**
   * Renames a pipeline, changes its currency, and replaces its stage list:
   * stages given with an `id` are kept (renamed, reordered, re-weighted), new
   * ones are added, missing ones removed (CONFLICT when deals are in them).
   * Emits `crm.pipeline.updated`.
   */
  updatePipeline: Pipeline;
  /** Changes a DRAFT quote (INVALID_TRANSITION otherwise). Emits `crm.quote.updated`. */
  updateQuote: Quote;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationConnectMailboxArgs = {
  input: ConnectMailboxInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationCreateCompanyArgs = {
  input: CreateCompanyInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationCreateContactArgs = {
  input: CreateContactInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationCreateDealArgs = {
  input: CreateDealInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationCreatePipelineArgs = {
  input: CreatePipelineInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationCreateQuoteArgs = {
  input: CreateQuoteInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationDeleteContactArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationDisconnectMailboxArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationLinkCallArgs = {
  callId: Scalars['ID']['input'];
  contactId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationLogActivityArgs = {
  input: LogActivityInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationMoveDealArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  stageId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationPromoteCompanyToClientArgs = {
  companyId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationRecordEsignEventArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  signedName?: InputMaybe<Scalars['String']['input']>;
  status: EsignStatus;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationReopenDealArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  stageId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationReplayParkedEventArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationRequestEsignatureArgs = {
  input: RequestEsignatureInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationRequestPsaProjectArgs = {
  dealId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSendCampaignArgs = {
  input: SendCampaignInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSendEmailArgs = {
  input: SendEmailInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSendEsignViaPortalArgs = {
  documentId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSetContactEmailConsentArgs = {
  doNotEmail?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  unsubscribed?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSetDealLineItemsArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  items: Array<LineItemInput>;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSetQuoteStatusArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  status: QuoteStatus;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationShareQuoteViaPortalArgs = {
  quoteId: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationSyncMailboxNowArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationUpdateCompanyArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateCompanyInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationUpdateContactArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateContactInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationUpdateDealArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateDealInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationUpdatePipelineArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdatePipelineInput;
};


/**
 * Changes to the CRM. Every mutation validates its input (BAD_USER_INPUT with
 * `extensions.issues` naming each invalid field), works on the caller's
 * organisation only (NOT_FOUND for another's ids), and writes its Bus events in
 * the same transaction as the change. Updates take the `expectedVersion` the
 * caller last read: a stale one is refused with STALE_VERSION and
 * `extensions.currentVersion`, and nothing is written.
 */
export type MutationUpdateQuoteArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateQuoteInput;
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last edge, to pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether another page follows this one. */
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * An event a CRM consumer could not apply, kept for an admin to see and
 * replay: parked (it names an unknown company or deal) or dead-lettered
 * (applying it kept failing).
 */
export type ParkedEvent = {
  __typename?: 'ParkedEvent';
  /** The consumer that gave up on it, e.g. `crm.psa-events`. */
  consumer: Scalars['String']['output'];
  /** The event's `data`, as JSON text. */
  data: Scalars['String']['output'];
  /** The event's CloudEvents id. */
  eventId: Scalars['ID']['output'];
  /** The event's type, e.g. `psa.contract.signed`. */
  eventType: Scalars['String']['output'];
  /** Stable id (`prk_…`). */
  id: Scalars['ID']['output'];
  /** Whether it was parked or dead-lettered (the latest, after a failed replay). */
  kind: FailedEventKind;
  /** When it was (last) parked or dead-lettered. */
  parkedAt: Scalars['DateTime']['output'];
  /** Why it could not be applied, e.g. `unknown deal deal_x`, or the last error. */
  reason: Scalars['String']['output'];
  /** When an admin replayed it; null while parked. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** Which product published it (the envelope's `source`). */
  source: Scalars['String']['output'];
  /** The event's subject, e.g. `contract/ctr_1`. */
  subject: Maybe<Scalars['String']['output']>;
};

/** A page of parked events (Relay connection). */
export type ParkedEventConnection = {
  __typename?: 'ParkedEventConnection';
  /** The items of this page, in order. */
  edges: Array<ParkedEventEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A parked event and its cursor. */
export type ParkedEventEdge = {
  __typename?: 'ParkedEventEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: ParkedEvent;
};

/** What a phone number is. */
export type PhoneKind =
  /** Home phone. */
  | 'HOME'
  /** Mobile phone. */
  | 'MOBILE'
  /** Anything else. */
  | 'OTHER'
  /** Office or direct line. */
  | 'WORK';

/** A sales pipeline: ordered stages a deal moves through (a Kanban board). */
export type Pipeline = {
  __typename?: 'Pipeline';
  /** Open deals per stage, for the board's column headers. */
  board: Array<StageColumn>;
  /** When the pipeline was created. */
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 currency of the pipeline's deals by default. */
  currency: Scalars['String']['output'];
  /** The pipeline's deals, filtered and sorted. */
  deals: DealConnection;
  /** Stable id (`pl_…`). */
  id: Scalars['ID']['output'];
  /** Pipeline name, e.g. New Business. */
  name: Scalars['String']['output'];
  /** The stages in board order; the WON and LOST stages come last. */
  stages: Array<PipelineStage>;
  /** When the pipeline last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Optimistic concurrency token. */
  version: Scalars['Int']['output'];
};


/** A sales pipeline: ordered stages a deal moves through (a Kanban board). */
export type PipelineDealsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DealFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<DealOrder>;
};

/** A page of pipelines (Relay connection). */
export type PipelineConnection = {
  __typename?: 'PipelineConnection';
  /** The items of this page, in order. */
  edges: Array<PipelineEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A pipeline and its cursor. */
export type PipelineEdge = {
  __typename?: 'PipelineEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Pipeline;
};

/** One stage of a pipeline. */
export type PipelineStage = {
  __typename?: 'PipelineStage';
  /** Display colour, e.g. #4f46e5. */
  color: Maybe<Scalars['String']['output']>;
  /** Stable id (`stg_…`). */
  id: Scalars['ID']['output'];
  /** OPEN, or the pipeline's WON or LOST stage. */
  kind: StageKind;
  /** Stage name, e.g. Proposal. */
  name: Scalars['String']['output'];
  /** The pipeline the stage belongs to. */
  pipeline: Pipeline;
  /** 0-based position on the board. */
  position: Scalars['Int']['output'];
  /** Win probability in percent (0–100): a deal's default probability while in this stage. */
  probability: Scalars['Int']['output'];
};

/** A stage of a new or changed pipeline. */
export type PipelineStageInput = {
  /** Display colour as #rrggbb. */
  color?: InputMaybe<Scalars['String']['input']>;
  /** An existing stage's id, to keep it (and its deals). */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** Default OPEN. */
  kind?: InputMaybe<StageKind>;
  /** Stage name, unique in the pipeline. */
  name: Scalars['String']['input'];
  /** 0–100. WON stages are 100 and LOST stages 0 whatever is given. */
  probability: Scalars['Int']['input'];
};

/** The pipeline context of one company (the PSA sidebar widget). */
export type PipelineSummary = {
  __typename?: 'PipelineSummary';
  /** The company summarised. */
  company: Company;
  /** The most recent deal stage change, if any. */
  lastStageChange: Maybe<DealStageChange>;
  /** Number of lost deals. */
  lostCount: Scalars['Int']['output'];
  /** The soonest expected close date of an open deal. */
  nextExpectedClose: Maybe<Scalars['Date']['output']>;
  /** Number of open deals. */
  openCount: Scalars['Int']['output'];
  /** Open deals, soonest expected close first. */
  openDeals: Array<Deal>;
  /** Totals of open deals per currency. */
  openTotals: Array<CurrencyTotal>;
  /** Number of won deals. */
  wonCount: Scalars['Int']['output'];
  /** Monthly recurring revenue of won deals per currency. */
  wonMrr: Array<CurrencyTotal>;
  /** Totals of won deals per currency (the company's total revenue from deals). */
  wonTotals: Array<CurrencyTotal>;
};

/** Whether a company is linked to a PSA client. */
export type PsaSyncState =
  /** Linked to its PSA client (`psaClientId`): promoted through `promoteCompanyToClient`, or reported by PSA's `psa.client.created`. */
  | 'LINKED'
  /** Not a PSA client. */
  | 'NOT_LINKED'
  /** Never set since promotion became synchronous (`promoteCompanyToClient` links the company once PSA answered). */
  | 'PENDING';

/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type Query = {
  __typename?: 'Query';
  /**
   * Timeline entries across the organisation, newest first: filter by company,
   * contact, deal, type and time.
   */
  activities: ActivityConnection;
  /** One timeline entry, or null. */
  activity: Maybe<Activity>;
  /** The organisation's companies, a page at a time (Relay connection), filtered and sorted. */
  companies: CompanyConnection;
  /** One company of the caller's organisation, or null when there is none with this id. */
  company: Maybe<Company>;
  /** One contact, or null. */
  contact: Maybe<Contact>;
  /**
   * The contact a phone number belongs to (inbound call routing): the number is
   * normalised to E.164 first (a national number needs `region`, an ISO 3166
   * country code such as `US`). Null when no contact has it; when several do,
   * a primary contact first, then the most recently updated.
   */
  contactByPhone: Maybe<Contact>;
  /** The organisation's contacts, a page at a time, filtered and sorted. */
  contacts: ContactConnection;
  /** One deal, or null. */
  deal: Maybe<Deal>;
  /** The organisation's deals, a page at a time, filtered and sorted. */
  deals: DealConnection;
  /** One e-sign document, or null. */
  esignDocument: Maybe<EsignDocument>;
  /** The organisation's e-sign documents, newest first, filtered. */
  esignDocuments: EsignDocumentConnection;
  /** The mailboxes connected for M365 email sync. Owner and Admin only. */
  mailboxes: Array<Mailbox>;
  /**
   * Events of the other products (PSA, Portal, Voice) the CRM's consumers
   * could not apply: PARKED because they name a company, deal, quote or
   * document the organisation does not have, or DEAD_LETTERED because
   * applying them kept failing (the Bus also keeps them in the topic's DLQ).
   * Newest first; unresolved only unless `includeResolved`; both kinds unless
   * `kind`. Replay one with `replayParkedEvent` once the cause is fixed. The
   * integrations subgraph's consumers list theirs in
   * `integrationsFailedEvents`. Owner and Admin only.
   */
  parkedEvents: ParkedEventConnection;
  /** One pipeline, or null. */
  pipeline: Maybe<Pipeline>;
  /**
   * The pipeline context of one company, as the PSA sidebar widget shows it:
   * open deals and their weighted value, won and lost figures, the next
   * expected close. Null when the company is not the caller's.
   */
  pipelineSummary: Maybe<PipelineSummary>;
  /** The organisation's pipelines, in board order. */
  pipelines: PipelineConnection;
  /** One quote, or null. */
  quote: Maybe<Quote>;
  /**
   * The quote a Portal share link points at (the token from `Quote.shareToken`),
   * within the caller's organisation; null for an unknown token.
   */
  quoteByShareToken: Maybe<Quote>;
  /** The organisation's quotes, newest first, filtered. */
  quotes: QuoteConnection;
  /**
   * Revenue per month from `from` to `to` (at most 36 months): won deals by
   * close month and the open pipeline weighted by probability by expected
   * close month (crm), next to Books' invoiced, paid and overdue amounts
   * (integrations). For the organisation, or one company with `companyId`;
   * in one currency (default USD). BAD_USER_INPUT when `from` is after `to`
   * or the range is too long.
   */
  revenueDashboard: Array<RevenuePeriod>;
  /**
   * Calls from Voice that are on no timeline yet: their number matches no
   * contact, or contacts of several companies. Newest first. Link one with
   * `linkCall`.
   */
  unmatchedCalls: UnmatchedCallConnection;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryActivitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ActivityFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryActivityArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryCompaniesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<CompanyFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<CompanyOrder>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryCompanyArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryContactArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryContactByPhoneArgs = {
  phone: Scalars['String']['input'];
  region?: InputMaybe<Scalars['String']['input']>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryContactsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContactFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<ContactOrder>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryDealArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryDealsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DealFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<DealOrder>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryEsignDocumentArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryEsignDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EsignFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryParkedEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeResolved?: InputMaybe<Scalars['Boolean']['input']>;
  kind?: InputMaybe<FailedEventKind>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryPipelineArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryPipelineSummaryArgs = {
  companyId: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryPipelinesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryQuoteArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryQuoteByShareTokenArgs = {
  token: Scalars['String']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryQuotesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<QuoteFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryRevenueDashboardArgs = {
  companyId?: InputMaybe<Scalars['ID']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
};


/**
 * The CRM: companies, their contacts, pipelines and deals, quotes, e-sign
 * documents, health scores and activity timelines. Every field is scoped to
 * the caller's organisation: ids of another organisation's records resolve to
 * nothing, and lists never show them.
 */
export type QueryUnmatchedCallsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A quote or proposal sent to a company. */
export type Quote = {
  __typename?: 'Quote';
  /** The company the quote is for. */
  company: Company;
  /** Who it is addressed to. */
  contact: Maybe<Contact>;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 currency of every amount. */
  currency: Scalars['String']['output'];
  /** The deal it was made from, if any. */
  deal: Maybe<Deal>;
  /** When it was accepted, declined or expired. */
  decidedAt: Maybe<Scalars['DateTime']['output']>;
  /** Why it was declined, when said. */
  declineReason: Maybe<Scalars['String']['output']>;
  /** Stable id (`quo_…`). */
  id: Scalars['ID']['output'];
  /** Products and services quoted, in order. */
  lines: Array<LineItem>;
  /** Monthly recurring part of the subtotal. */
  monthlyRecurring: Scalars['Decimal']['output'];
  /** Human number, e.g. Q-1001 (per organisation). */
  number: Scalars['String']['output'];
  /** The quote's link in the client portal, once shared there. */
  portalUrl: Maybe<Scalars['String']['output']>;
  /** When it was sent. */
  sentAt: Maybe<Scalars['DateTime']['output']>;
  /**
   * The token of the quote's Portal share link: set when the quote is sent,
   * used with `quoteByShareToken`.
   */
  shareToken: Maybe<Scalars['String']['output']>;
  /** CRM, or PSA for quick quotes from PSA's Add Service flow. */
  source: SourceProduct;
  /** Where the quote stands. */
  status: QuoteStatus;
  /** Sum of line amounts. */
  subtotal: Scalars['Decimal']['output'];
  /** Tax on taxable lines, rounded half-up to cents. */
  tax: Scalars['Decimal']['output'];
  /** Tax rate in percent, e.g. 8.25. */
  taxRate: Scalars['Decimal']['output'];
  /** Quote title, e.g. the deal’s. */
  title: Scalars['String']['output'];
  /** subtotal + tax. */
  total: Scalars['Decimal']['output'];
  /** When it last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /** Last day the quote can be accepted. */
  validUntil: Maybe<Scalars['Date']['output']>;
  /** Optimistic concurrency token. */
  version: Scalars['Int']['output'];
  /** When the client first viewed it (Portal). */
  viewedAt: Maybe<Scalars['DateTime']['output']>;
};

/** A page of quotes (Relay connection). */
export type QuoteConnection = {
  __typename?: 'QuoteConnection';
  /** The items of this page, in order. */
  edges: Array<QuoteEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** A quote and its cursor. */
export type QuoteEdge = {
  __typename?: 'QuoteEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Quote;
};

/** Which quotes to list. */
export type QuoteFilter = {
  /** For this company. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Made from this deal. */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<QuoteStatus>>;
};

/** Where a quote stands. */
export type QuoteStatus =
  /** Accepted by the client. */
  | 'ACCEPTED'
  /** Declined by the client. */
  | 'DECLINED'
  /** Being prepared; may change. */
  | 'DRAFT'
  /** No longer valid. */
  | 'EXPIRED'
  /** Sent to the client; has a share token. */
  | 'SENT'
  /** Opened by the client. */
  | 'VIEWED';

/** A signature request. */
export type RequestEsignatureInput = {
  /** Required unless `dealId` or `quoteId` gives it. */
  companyId?: InputMaybe<Scalars['ID']['input']>;
  /** Of this deal. */
  dealId?: InputMaybe<Scalars['ID']['input']>;
  /** What kind it is. */
  kind: EsignKind;
  /** PSA’s contract reference (addendums triggered by PSA). */
  psaContractRef?: InputMaybe<Scalars['String']['input']>;
  /** Made from this quote. */
  quoteId?: InputMaybe<Scalars['ID']['input']>;
  /** A contact of the company. */
  signerContactId?: InputMaybe<Scalars['ID']['input']>;
  /** Default: the signer's primary email. */
  signerEmail?: InputMaybe<Scalars['String']['input']>;
  /** Title. */
  title: Scalars['String']['input'];
};

/**
 * One month of the revenue dashboard for the organisation or one company, in
 * one currency. crm gives the CRM figures; Books' figures come from the
 * integrations subgraph.
 */
export type RevenuePeriod = {
  __typename?: 'RevenuePeriod';
  /** The company, for a company's dashboard; null for the organisation's. */
  company: Maybe<Company>;
  /** ISO 4217 code of every amount. */
  currency: Scalars['String']['output'];
  /** `revenue:<YYYY-MM>:<currency>:org` or `revenue:<YYYY-MM>:<currency>:company:<companyId>`. */
  id: Scalars['ID']['output'];
  /** The month, `YYYY-MM` (UTC). */
  month: Scalars['String']['output'];
  /** How many open deals are expected to close in the month. */
  openDeals: Scalars['Int']['output'];
  /** Open deals expected to close in the month, each value × probability ÷ 100. */
  weightedPipeline: Scalars['Decimal']['output'];
  /** How many deals were won in the month. */
  wonDeals: Scalars['Int']['output'];
  /** Monthly recurring revenue of the deals won in the month. */
  wonMrr: Scalars['Decimal']['output'];
  /** Value of the deals won in the month. */
  wonValue: Scalars['Decimal']['output'];
};

/** A campaign email to several contacts. */
export type SendCampaignInput = {
  /** Plain text body (up to 100 000 characters). */
  body: Scalars['String']['input'];
  /** The campaign it belongs to (1–200 characters). */
  campaign: Scalars['String']['input'];
  /** Who it goes to: 1 to 200 contacts (each at their first email address). */
  contactIds: Array<Scalars['ID']['input']>;
  /** Makes a retried call safe: the same key sends once to each contact (1–200 characters). Default: a new key per call. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The connected mailbox it goes out from. */
  mailboxId: Scalars['ID']['input'];
  /** Subject (1–500 characters). */
  subject: Scalars['String']['input'];
};

/** A sequence or campaign email to send. */
export type SendEmailInput = {
  /** Plain text body (up to 100 000 characters). */
  body: Scalars['String']['input'];
  /** The campaign it belongs to (give this or `sequence`). */
  campaign?: InputMaybe<Scalars['String']['input']>;
  /** Who it goes to (their first email address). */
  contactId: Scalars['ID']['input'];
  /** Makes a retried call safe: the same key sends once (1–200 characters). Default: a new key per call. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The connected mailbox it goes out from. */
  mailboxId: Scalars['ID']['input'];
  /** The sequence it belongs to (give this or `campaign`). */
  sequence?: InputMaybe<Scalars['String']['input']>;
  /** Subject (1–500 characters). */
  subject: Scalars['String']['input'];
};

/** Sort direction. */
export type SortDirection =
  /** Smallest, earliest or A first. */
  | 'ASC'
  /** Largest, latest or Z first. */
  | 'DESC';

/** A product of The One Stack. */
export type SourceProduct =
  /** Accounting and billing. */
  | 'BOOKS'
  /** The CRM itself. */
  | 'CRM'
  /** Microsoft 365 email sync. */
  | 'M365'
  /** The client portal. */
  | 'PORTAL'
  /** Professional services automation. */
  | 'PSA'
  /** The phone system. */
  | 'VOICE';

/** A board column: a stage with its open deals' count and value. */
export type StageColumn = {
  __typename?: 'StageColumn';
  /** Deals in the stage. */
  count: Scalars['Int']['output'];
  /** The stage of this column. */
  stage: PipelineStage;
  /** Sum of their values (in the pipeline's currency; deals in other currencies are not converted). */
  totalValue: Scalars['Decimal']['output'];
  /** Sum of value × probability ÷ 100. */
  weightedValue: Scalars['Decimal']['output'];
};

/** What reaching a stage means. */
export type StageKind =
  /** Reaching it loses the deal. */
  | 'LOST'
  /** The deal is still being worked. */
  | 'OPEN'
  /** Reaching it wins the deal. */
  | 'WON';

/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to. The gateway
 * serves these fields; the crm subgraph only declares them.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Activities logged on one company's timeline (notes, calls, tickets from PSA,
   * ...), as they happen. Filters on: the caller's organisation and `companyId`.
   */
  companyActivity: Activity;
  /**
   * Activities logged for one contact (calls, emails, notes, ...), as they
   * happen. Filters on: the caller's organisation and `contactId`. Served by
   * the gateway over graphql-ws (docs/subscriptions.md).
   */
  contactActivity: Activity;
  /**
   * Every change to one deal, as the deal is after it. Filters on: the
   * caller's organisation and `dealId`. Served by the gateway over graphql-ws
   * (docs/subscriptions.md).
   */
  dealUpdated: Deal;
  /**
   * Deals created, changed, moved, won or lost. Filters on: the caller's
   * organisation, and `pipelineId` and `companyId` when given (neither: every
   * deal of the organisation). What the PSA sidebar widget subscribes to.
   * Served by the gateway over graphql-ws (docs/subscriptions.md).
   */
  pipelineUpdated: Deal;
};


/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to. The gateway
 * serves these fields; the crm subgraph only declares them.
 */
export type SubscriptionCompanyActivityArgs = {
  companyId: Scalars['ID']['input'];
};


/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to. The gateway
 * serves these fields; the crm subgraph only declares them.
 */
export type SubscriptionContactActivityArgs = {
  contactId: Scalars['ID']['input'];
};


/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to. The gateway
 * serves these fields; the crm subgraph only declares them.
 */
export type SubscriptionDealUpdatedArgs = {
  dealId: Scalars['ID']['input'];
};


/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to. The gateway
 * serves these fields; the crm subgraph only declares them.
 */
export type SubscriptionPipelineUpdatedArgs = {
  companyId?: InputMaybe<Scalars['ID']['input']>;
  pipelineId?: InputMaybe<Scalars['ID']['input']>;
};

/** Narrows a timeline. */
export type TimelineFilter = {
  /** Occurred at or after. */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these types. */
  types?: InputMaybe<Array<ActivityType>>;
  /** Occurred before. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A call Voice reported whose number matches no single company's contact. */
export type UnmatchedCall = {
  __typename?: 'UnmatchedCall';
  /** The Hub user id of the agent on the call. */
  agentUserId: Scalars['String']['output'];
  /** Contacts that have the number (several companies' when AMBIGUOUS). */
  candidates: Array<Contact>;
  /** INBOUND: the external party called; OUTBOUND: an agent called them. */
  direction: CallDirection;
  /** How long it lasted, in seconds. */
  durationSeconds: Scalars['Int']['output'];
  /** The calling number, as Voice reported it. */
  from: Scalars['String']['output'];
  /** Voice's call id. */
  id: Scalars['ID']['output'];
  /** The external party's number (E.164 when it could be normalised). */
  number: Scalars['String']['output'];
  /** Why it is not on a timeline. */
  reason: UnmatchedCallReason;
  /** The recording link, when recording was on in Voice. */
  recordingUrl: Maybe<Scalars['String']['output']>;
  /** When the call started. */
  startedAt: Scalars['DateTime']['output'];
  /** The called number, as Voice reported it. */
  to: Scalars['String']['output'];
};

/** A page of unmatched calls (Relay connection). */
export type UnmatchedCallConnection = {
  __typename?: 'UnmatchedCallConnection';
  /** The items of this page, in order. */
  edges: Array<UnmatchedCallEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** An unmatched call and its cursor. */
export type UnmatchedCallEdge = {
  __typename?: 'UnmatchedCallEdge';
  /** Pass as `after` to get the items following this one. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: UnmatchedCall;
};

/** Why a call is not on a timeline. */
export type UnmatchedCallReason =
  /** Contacts of several companies have the number. */
  | 'AMBIGUOUS'
  /** The number could not be read as a phone number. */
  | 'INVALID_NUMBER'
  /** No contact has the number. */
  | 'NO_CONTACT';

/** Changes to a company: only the fields given change; null clears an optional field. */
export type UpdateCompanyInput = {
  /** Postal address (replaces it; null clears it). */
  address?: InputMaybe<AddressInput>;
  /** Web domains, primary first (replaces the list). */
  domains?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Industry or vertical. */
  industry?: InputMaybe<Scalars['String']['input']>;
  /** Legal or trading name (1–200 characters). */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Hub user id of the owner. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** Phone number in any common notation; stored in E.164. */
  phone?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166 country code used to read a national phone number. */
  phoneRegion?: InputMaybe<Scalars['String']['input']>;
  /** New status (kept in the status history). */
  status?: InputMaybe<CompanyStatus>;
  /** Why the status changes (kept in the status history). */
  statusReason?: InputMaybe<Scalars['String']['input']>;
  /** Free-form labels (stored lower case). */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** http(s) URL. */
  website?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a contact: only the fields given change. */
export type UpdateContactInput = {
  /** Email addresses, primary first (replaces the list). */
  emails?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Given name. */
  firstName?: InputMaybe<Scalars['String']['input']>;
  /** Whether this is the company’s primary contact. */
  isPrimary?: InputMaybe<Scalars['Boolean']['input']>;
  /** Family name. */
  lastName?: InputMaybe<Scalars['String']['input']>;
  /** ISO 3166 country code used to read a national phone number. */
  phoneRegion?: InputMaybe<Scalars['String']['input']>;
  /** Phone numbers, primary first (replaces the list). */
  phones?: InputMaybe<Array<ContactPhoneInput>>;
  /** Job title. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a deal: only the fields given change; null clears an optional field. */
export type UpdateDealInput = {
  /** ISO 4217 currency code. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** When the deal is expected to close. */
  expectedCloseDate?: InputMaybe<Scalars['Date']['input']>;
  /** Monthly recurring revenue. */
  mrr?: InputMaybe<Scalars['Decimal']['input']>;
  /** Hub user id of the owner. */
  ownerId?: InputMaybe<Scalars['ID']['input']>;
  /** The main contact (a contact of the deal’s company); null clears it. */
  primaryContactId?: InputMaybe<Scalars['ID']['input']>;
  /** null goes back to the stage's probability. */
  probability?: InputMaybe<Scalars['Int']['input']>;
  /** Contract term in months (1–120). */
  termMonths?: InputMaybe<Scalars['Int']['input']>;
  /** What is being sold. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Total contract value. */
  value?: InputMaybe<Scalars['Decimal']['input']>;
};

/** Changes to a pipeline: only the fields given change. */
export type UpdatePipelineInput = {
  /** ISO 4217 currency code. */
  currency?: InputMaybe<Scalars['String']['input']>;
  /** Pipeline name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The whole new stage list (see `updatePipeline`). */
  stages?: InputMaybe<Array<PipelineStageInput>>;
};

/** Changes to a DRAFT quote. */
export type UpdateQuoteInput = {
  /** Who the quote is addressed to. */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  /** Line items (replaces the list). */
  lines?: InputMaybe<Array<LineItemInput>>;
  /** Tax rate in percent (0–100). */
  taxRate?: InputMaybe<Scalars['Decimal']['input']>;
  /** Title. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** Last day the quote can be accepted. */
  validUntil?: InputMaybe<Scalars['Date']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Activity: Activity;
  Company: Company;
  Contact: Contact;
  Deal: Deal;
  EsignDocument: EsignDocument;
  Pipeline: Pipeline;
  Quote: Quote;
  RevenuePeriod: RevenuePeriod;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Activity:
    ( { __typename: 'Activity' }
    & GraphQLRecursivePick<FederationTypes['Activity'], {"id":true}> );
  Company:
    ( { __typename: 'Company' }
    & GraphQLRecursivePick<FederationTypes['Company'], {"id":true}> );
  Contact:
    ( { __typename: 'Contact' }
    & GraphQLRecursivePick<FederationTypes['Contact'], {"id":true}> );
  Deal:
    ( { __typename: 'Deal' }
    & GraphQLRecursivePick<FederationTypes['Deal'], {"id":true}> );
  EsignDocument:
    ( { __typename: 'EsignDocument' }
    & GraphQLRecursivePick<FederationTypes['EsignDocument'], {"id":true}> );
  Pipeline:
    ( { __typename: 'Pipeline' }
    & GraphQLRecursivePick<FederationTypes['Pipeline'], {"id":true}> );
  Quote:
    ( { __typename: 'Quote' }
    & GraphQLRecursivePick<FederationTypes['Quote'], {"id":true}> );
  RevenuePeriod:
    ( { __typename: 'RevenuePeriod' }
    & GraphQLRecursivePick<FederationTypes['RevenuePeriod'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Activity: ResolverTypeWrapper<ActivityRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ActivityConnection: ResolverTypeWrapper<Omit<ActivityConnection, 'edges'> & { edges: Array<ResolversTypes['ActivityEdge']> }>;
  ActivityEdge: ResolverTypeWrapper<Omit<ActivityEdge, 'node'> & { node: ResolversTypes['Activity'] }>;
  ActivityFilter: ActivityFilter;
  ActivityType: ActivityType;
  Address: ResolverTypeWrapper<Address>;
  AddressInput: AddressInput;
  BillingFrequency: BillingFrequency;
  CallDirection: CallDirection;
  CampaignSendResult: ResolverTypeWrapper<CampaignSendRow>;
  CampaignSkippedRecipient: ResolverTypeWrapper<SkippedRecipientRow>;
  Company: ResolverTypeWrapper<CompanyRow>;
  CompanyConnection: ResolverTypeWrapper<Omit<CompanyConnection, 'edges'> & { edges: Array<ResolversTypes['CompanyEdge']> }>;
  CompanyEdge: ResolverTypeWrapper<Omit<CompanyEdge, 'node'> & { node: ResolversTypes['Company'] }>;
  CompanyFilter: CompanyFilter;
  CompanyOrder: CompanyOrder;
  CompanySortField: CompanySortField;
  CompanyStatus: CompanyStatus;
  CompanyStatusChange: ResolverTypeWrapper<StatusChangeRow>;
  ConnectMailboxInput: ConnectMailboxInput;
  Contact: ResolverTypeWrapper<ContactRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ContactConnection: ResolverTypeWrapper<Omit<ContactConnection, 'edges'> & { edges: Array<ResolversTypes['ContactEdge']> }>;
  ContactEdge: ResolverTypeWrapper<Omit<ContactEdge, 'node'> & { node: ResolversTypes['Contact'] }>;
  ContactFilter: ContactFilter;
  ContactOrder: ContactOrder;
  ContactPhone: ResolverTypeWrapper<ContactPhone>;
  ContactPhoneInput: ContactPhoneInput;
  ContactSortField: ContactSortField;
  CreateCompanyInput: CreateCompanyInput;
  CreateContactInput: CreateContactInput;
  CreateDealInput: CreateDealInput;
  CreatePipelineInput: CreatePipelineInput;
  CreateQuoteInput: CreateQuoteInput;
  CurrencyTotal: ResolverTypeWrapper<CurrencyTotal>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<DealRow>;
  DealConnection: ResolverTypeWrapper<Omit<DealConnection, 'edges'> & { edges: Array<ResolversTypes['DealEdge']> }>;
  DealEdge: ResolverTypeWrapper<Omit<DealEdge, 'node'> & { node: ResolversTypes['Deal'] }>;
  DealFilter: DealFilter;
  DealOrder: DealOrder;
  DealSortField: DealSortField;
  DealStageChange: ResolverTypeWrapper<StageChangeRow>;
  DealStatus: DealStatus;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  EmailBlockReason: EmailBlockReason;
  EsignDocument: ResolverTypeWrapper<EsignRow>;
  EsignDocumentConnection: ResolverTypeWrapper<Omit<EsignDocumentConnection, 'edges'> & { edges: Array<ResolversTypes['EsignDocumentEdge']> }>;
  EsignDocumentEdge: ResolverTypeWrapper<Omit<EsignDocumentEdge, 'node'> & { node: ResolversTypes['EsignDocument'] }>;
  EsignFilter: EsignFilter;
  EsignKind: EsignKind;
  EsignStatus: EsignStatus;
  FailedEventKind: FailedEventKind;
  HealthRisk: HealthRisk;
  HealthScore: ResolverTypeWrapper<HealthRow>;
  HealthScoreConnection: ResolverTypeWrapper<Omit<HealthScoreConnection, 'edges'> & { edges: Array<ResolversTypes['HealthScoreEdge']> }>;
  HealthScoreEdge: ResolverTypeWrapper<Omit<HealthScoreEdge, 'node'> & { node: ResolversTypes['HealthScore'] }>;
  HubUser: ResolverTypeWrapper<HubUser>;
  LineItem: ResolverTypeWrapper<LineItemRow>;
  LineItemInput: LineItemInput;
  LogActivityInput: LogActivityInput;
  Mailbox: ResolverTypeWrapper<MailboxRow>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ParkedEvent: ResolverTypeWrapper<ParkedEventRow>;
  ParkedEventConnection: ResolverTypeWrapper<Omit<ParkedEventConnection, 'edges'> & { edges: Array<ResolversTypes['ParkedEventEdge']> }>;
  ParkedEventEdge: ResolverTypeWrapper<Omit<ParkedEventEdge, 'node'> & { node: ResolversTypes['ParkedEvent'] }>;
  PhoneKind: PhoneKind;
  Pipeline: ResolverTypeWrapper<PipelineRow>;
  PipelineConnection: ResolverTypeWrapper<Omit<PipelineConnection, 'edges'> & { edges: Array<ResolversTypes['PipelineEdge']> }>;
  PipelineEdge: ResolverTypeWrapper<Omit<PipelineEdge, 'node'> & { node: ResolversTypes['Pipeline'] }>;
  PipelineStage: ResolverTypeWrapper<StageRow>;
  PipelineStageInput: PipelineStageInput;
  PipelineSummary: ResolverTypeWrapper<PipelineSummaryRow>;
  PsaSyncState: PsaSyncState;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Quote: ResolverTypeWrapper<QuoteRow>;
  QuoteConnection: ResolverTypeWrapper<Omit<QuoteConnection, 'edges'> & { edges: Array<ResolversTypes['QuoteEdge']> }>;
  QuoteEdge: ResolverTypeWrapper<Omit<QuoteEdge, 'node'> & { node: ResolversTypes['Quote'] }>;
  QuoteFilter: QuoteFilter;
  QuoteStatus: QuoteStatus;
  RequestEsignatureInput: RequestEsignatureInput;
  RevenuePeriod: ResolverTypeWrapper<Omit<RevenuePeriod, 'company'> & { company?: Maybe<ResolversTypes['Company']> }>;
  SendCampaignInput: SendCampaignInput;
  SendEmailInput: SendEmailInput;
  SortDirection: SortDirection;
  SourceProduct: SourceProduct;
  StageColumn: ResolverTypeWrapper<StageColumnRow>;
  StageKind: StageKind;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TimelineFilter: TimelineFilter;
  UnmatchedCall: ResolverTypeWrapper<VoiceCallRow>;
  UnmatchedCallConnection: ResolverTypeWrapper<Omit<UnmatchedCallConnection, 'edges'> & { edges: Array<ResolversTypes['UnmatchedCallEdge']> }>;
  UnmatchedCallEdge: ResolverTypeWrapper<Omit<UnmatchedCallEdge, 'node'> & { node: ResolversTypes['UnmatchedCall'] }>;
  UnmatchedCallReason: UnmatchedCallReason;
  UpdateCompanyInput: UpdateCompanyInput;
  UpdateContactInput: UpdateContactInput;
  UpdateDealInput: UpdateDealInput;
  UpdatePipelineInput: UpdatePipelineInput;
  UpdateQuoteInput: UpdateQuoteInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Activity: ActivityRow;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  ActivityConnection: Omit<ActivityConnection, 'edges'> & { edges: Array<ResolversParentTypes['ActivityEdge']> };
  ActivityEdge: Omit<ActivityEdge, 'node'> & { node: ResolversParentTypes['Activity'] };
  ActivityFilter: ActivityFilter;
  Address: Address;
  AddressInput: AddressInput;
  CampaignSendResult: CampaignSendRow;
  CampaignSkippedRecipient: SkippedRecipientRow;
  Company: CompanyRow;
  CompanyConnection: Omit<CompanyConnection, 'edges'> & { edges: Array<ResolversParentTypes['CompanyEdge']> };
  CompanyEdge: Omit<CompanyEdge, 'node'> & { node: ResolversParentTypes['Company'] };
  CompanyFilter: CompanyFilter;
  CompanyOrder: CompanyOrder;
  CompanyStatusChange: StatusChangeRow;
  ConnectMailboxInput: ConnectMailboxInput;
  Contact: ContactRow;
  Boolean: Scalars['Boolean']['output'];
  ContactConnection: Omit<ContactConnection, 'edges'> & { edges: Array<ResolversParentTypes['ContactEdge']> };
  ContactEdge: Omit<ContactEdge, 'node'> & { node: ResolversParentTypes['Contact'] };
  ContactFilter: ContactFilter;
  ContactOrder: ContactOrder;
  ContactPhone: ContactPhone;
  ContactPhoneInput: ContactPhoneInput;
  CreateCompanyInput: CreateCompanyInput;
  CreateContactInput: CreateContactInput;
  CreateDealInput: CreateDealInput;
  CreatePipelineInput: CreatePipelineInput;
  CreateQuoteInput: CreateQuoteInput;
  CurrencyTotal: CurrencyTotal;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Deal: DealRow;
  DealConnection: Omit<DealConnection, 'edges'> & { edges: Array<ResolversParentTypes['DealEdge']> };
  DealEdge: Omit<DealEdge, 'node'> & { node: ResolversParentTypes['Deal'] };
  DealFilter: DealFilter;
  DealOrder: DealOrder;
  DealStageChange: StageChangeRow;
  Decimal: Scalars['Decimal']['output'];
  EsignDocument: EsignRow;
  EsignDocumentConnection: Omit<EsignDocumentConnection, 'edges'> & { edges: Array<ResolversParentTypes['EsignDocumentEdge']> };
  EsignDocumentEdge: Omit<EsignDocumentEdge, 'node'> & { node: ResolversParentTypes['EsignDocument'] };
  EsignFilter: EsignFilter;
  HealthScore: HealthRow;
  HealthScoreConnection: Omit<HealthScoreConnection, 'edges'> & { edges: Array<ResolversParentTypes['HealthScoreEdge']> };
  HealthScoreEdge: Omit<HealthScoreEdge, 'node'> & { node: ResolversParentTypes['HealthScore'] };
  HubUser: HubUser;
  LineItem: LineItemRow;
  LineItemInput: LineItemInput;
  LogActivityInput: LogActivityInput;
  Mailbox: MailboxRow;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  ParkedEvent: ParkedEventRow;
  ParkedEventConnection: Omit<ParkedEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['ParkedEventEdge']> };
  ParkedEventEdge: Omit<ParkedEventEdge, 'node'> & { node: ResolversParentTypes['ParkedEvent'] };
  Pipeline: PipelineRow;
  PipelineConnection: Omit<PipelineConnection, 'edges'> & { edges: Array<ResolversParentTypes['PipelineEdge']> };
  PipelineEdge: Omit<PipelineEdge, 'node'> & { node: ResolversParentTypes['Pipeline'] };
  PipelineStage: StageRow;
  PipelineStageInput: PipelineStageInput;
  PipelineSummary: PipelineSummaryRow;
  Query: Record<PropertyKey, never>;
  Quote: QuoteRow;
  QuoteConnection: Omit<QuoteConnection, 'edges'> & { edges: Array<ResolversParentTypes['QuoteEdge']> };
  QuoteEdge: Omit<QuoteEdge, 'node'> & { node: ResolversParentTypes['Quote'] };
  QuoteFilter: QuoteFilter;
  RequestEsignatureInput: RequestEsignatureInput;
  RevenuePeriod: Omit<RevenuePeriod, 'company'> & { company?: Maybe<ResolversParentTypes['Company']> } | FederationReferenceTypes['RevenuePeriod'];
  SendCampaignInput: SendCampaignInput;
  SendEmailInput: SendEmailInput;
  StageColumn: StageColumnRow;
  Subscription: Record<PropertyKey, never>;
  TimelineFilter: TimelineFilter;
  UnmatchedCall: VoiceCallRow;
  UnmatchedCallConnection: Omit<UnmatchedCallConnection, 'edges'> & { edges: Array<ResolversParentTypes['UnmatchedCallEdge']> };
  UnmatchedCallEdge: Omit<UnmatchedCallEdge, 'node'> & { node: ResolversParentTypes['UnmatchedCall'] };
  UpdateCompanyInput: UpdateCompanyInput;
  UpdateContactInput: UpdateContactInput;
  UpdateDealInput: UpdateDealInput;
  UpdatePipelineInput: UpdatePipelineInput;
  UpdateQuoteInput: UpdateQuoteInput;
  String: Scalars['String']['output'];
}>;

export type RequiresAuthenticationDirectiveArgs = { };

export type RequiresAuthenticationDirectiveResolver<Result, Parent, ContextType = CrmContext, Args = RequiresAuthenticationDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresPermissionsDirectiveArgs = {
  anyOf: Array<Array<Scalars['String']['input']>>;
};

export type RequiresPermissionsDirectiveResolver<Result, Parent, ContextType = CrmContext, Args = RequiresPermissionsDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type ActivityResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Activity'] = ResolversParentTypes['Activity'], FederationReferenceType extends FederationReferenceTypes['Activity'] = FederationReferenceTypes['Activity']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Activity']> | FederationReferenceType, FederationReferenceType, ContextType>;
  body?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType>;
  direction?: Resolver<Maybe<ResolversTypes['CallDirection']>, ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  recordingUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['SourceProduct'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['ActivityType'], ParentType, ContextType>;
}>;

export type ActivityConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ActivityConnection'] = ResolversParentTypes['ActivityConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ActivityEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ActivityEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ActivityEdge'] = ResolversParentTypes['ActivityEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Activity'], ParentType, ContextType>;
}>;

export type AddressResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Address'] = ResolversParentTypes['Address']> = ResolversObject<{
  city?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  country?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  postalCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  region?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  street?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CampaignSendResultResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CampaignSendResult'] = ResolversParentTypes['CampaignSendResult']> = ResolversObject<{
  sent?: Resolver<Array<ResolversTypes['Activity']>, ParentType, ContextType>;
  skipped?: Resolver<Array<ResolversTypes['CampaignSkippedRecipient']>, ParentType, ContextType>;
}>;

export type CampaignSkippedRecipientResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CampaignSkippedRecipient'] = ResolversParentTypes['CampaignSkippedRecipient']> = ResolversObject<{
  contact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['EmailBlockReason'], ParentType, ContextType>;
}>;

export type CompanyResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company'], FederationReferenceType extends FederationReferenceTypes['Company'] = FederationReferenceTypes['Company']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Company']> | FederationReferenceType, FederationReferenceType, ContextType>;
  activities?: Resolver<ResolversTypes['ActivityConnection'], ParentType, ContextType, RequireFields<CompanyActivitiesArgs, 'first'>>;
  address?: Resolver<Maybe<ResolversTypes['Address']>, ParentType, ContextType>;
  contacts?: Resolver<Array<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deals?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType>;
  domain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  domains?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  health?: Resolver<Maybe<ResolversTypes['HealthScore']>, ParentType, ContextType>;
  healthHistory?: Resolver<ResolversTypes['HealthScoreConnection'], ParentType, ContextType, RequireFields<CompanyHealthHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  industry?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latestActivity?: Resolver<Maybe<ResolversTypes['Activity']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ownerId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  psaClientId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  psaSyncState?: Resolver<ResolversTypes['PsaSyncState'], ParentType, ContextType>;
  quotes?: Resolver<Array<ResolversTypes['Quote']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CompanyStatus'], ParentType, ContextType>;
  statusHistory?: Resolver<Array<ResolversTypes['CompanyStatusChange']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  website?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CompanyConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CompanyConnection'] = ResolversParentTypes['CompanyConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CompanyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type CompanyEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CompanyEdge'] = ResolversParentTypes['CompanyEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
}>;

export type CompanyStatusChangeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CompanyStatusChange'] = ResolversParentTypes['CompanyStatusChange']> = ResolversObject<{
  changedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['CompanyStatus']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['CompanyStatus'], ParentType, ContextType>;
}>;

export type ContactResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact'], FederationReferenceType extends FederationReferenceTypes['Contact'] = FederationReferenceTypes['Contact']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Contact']> | FederationReferenceType, FederationReferenceType, ContextType>;
  activities?: Resolver<ResolversTypes['ActivityConnection'], ParentType, ContextType, RequireFields<ContactActivitiesArgs, 'first'>>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  doNotEmail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emailBlockedReason?: Resolver<Maybe<ResolversTypes['EmailBlockReason']>, ParentType, ContextType>;
  emails?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isPrimary?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phones?: Resolver<Array<ResolversTypes['ContactPhone']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unsubscribedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ContactConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ContactConnection'] = ResolversParentTypes['ContactConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ContactEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ContactEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ContactEdge'] = ResolversParentTypes['ContactEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Contact'], ParentType, ContextType>;
}>;

export type ContactPhoneResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ContactPhone'] = ResolversParentTypes['ContactPhone']> = ResolversObject<{
  kind?: Resolver<ResolversTypes['PhoneKind'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CurrencyTotalResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CurrencyTotal'] = ResolversParentTypes['CurrencyTotal']> = ResolversObject<{
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  weightedValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DealResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Deal'] = ResolversParentTypes['Deal'], FederationReferenceType extends FederationReferenceTypes['Deal'] = FederationReferenceTypes['Deal']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Deal']> | FederationReferenceType, FederationReferenceType, ContextType>;
  activities?: Resolver<ResolversTypes['ActivityConnection'], ParentType, ContextType, RequireFields<DealActivitiesArgs, 'first'>>;
  closeReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  createPsaProject?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  daysInStage?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expectedCloseDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lineItems?: Resolver<Array<ResolversTypes['LineItem']>, ParentType, ContextType>;
  mrr?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['HubUser']>, ParentType, ContextType>;
  ownerId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  pipeline?: Resolver<ResolversTypes['Pipeline'], ParentType, ContextType>;
  pipelineStage?: Resolver<ResolversTypes['PipelineStage'], ParentType, ContextType>;
  primaryContact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quotes?: Resolver<Array<ResolversTypes['Quote']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stageEnteredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  stageHistory?: Resolver<Array<ResolversTypes['DealStageChange']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DealStatus'], ParentType, ContextType>;
  termMonths?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weightedValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type DealConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['DealConnection'] = ResolversParentTypes['DealConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DealEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type DealEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['DealEdge'] = ResolversParentTypes['DealEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Deal'], ParentType, ContextType>;
}>;

export type DealStageChangeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['DealStageChange'] = ResolversParentTypes['DealStageChange']> = ResolversObject<{
  changedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deal?: Resolver<ResolversTypes['Deal'], ParentType, ContextType>;
  fromStage?: Resolver<Maybe<ResolversTypes['PipelineStage']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  toStage?: Resolver<ResolversTypes['PipelineStage'], ParentType, ContextType>;
}>;

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type EsignDocumentResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['EsignDocument'] = ResolversParentTypes['EsignDocument'], FederationReferenceType extends FederationReferenceTypes['EsignDocument'] = FederationReferenceTypes['EsignDocument']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['EsignDocument']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType>;
  declineReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  declinedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['EsignKind'], ParentType, ContextType>;
  portalUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  psaContractRef?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  quote?: Resolver<Maybe<ResolversTypes['Quote']>, ParentType, ContextType>;
  requestedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sentAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  signedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  signedName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  signer?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  signerEmail?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['EsignStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  viewedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type EsignDocumentConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['EsignDocumentConnection'] = ResolversParentTypes['EsignDocumentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['EsignDocumentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type EsignDocumentEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['EsignDocumentEdge'] = ResolversParentTypes['EsignDocumentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['EsignDocument'], ParentType, ContextType>;
}>;

export type HealthScoreResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['HealthScore'] = ResolversParentTypes['HealthScore']> = ResolversObject<{
  billing?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  computedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  csat?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  engagement?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  risk?: Resolver<ResolversTypes['HealthRisk'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketLoad?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type HealthScoreConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['HealthScoreConnection'] = ResolversParentTypes['HealthScoreConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['HealthScoreEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type HealthScoreEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['HealthScoreEdge'] = ResolversParentTypes['HealthScoreEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['HealthScore'], ParentType, ContextType>;
}>;

export type HubUserResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['HubUser'] = ResolversParentTypes['HubUser']> = ResolversObject<{
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LineItemResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['LineItem'] = ResolversParentTypes['LineItem']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  billing?: Resolver<ResolversTypes['BillingFrequency'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  glAccount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taxable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type MailboxResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Mailbox'] = ResolversParentTypes['Mailbox']> = ResolversObject<{
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  connectedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  connectedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastSyncedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  connectMailbox?: Resolver<ResolversTypes['Mailbox'], ParentType, ContextType, RequireFields<MutationConnectMailboxArgs, 'input'>>;
  createCompany?: Resolver<ResolversTypes['Company'], ParentType, ContextType, RequireFields<MutationCreateCompanyArgs, 'input'>>;
  createContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationCreateContactArgs, 'input'>>;
  createDeal?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationCreateDealArgs, 'input'>>;
  createPipeline?: Resolver<ResolversTypes['Pipeline'], ParentType, ContextType, RequireFields<MutationCreatePipelineArgs, 'input'>>;
  createQuote?: Resolver<ResolversTypes['Quote'], ParentType, ContextType, RequireFields<MutationCreateQuoteArgs, 'input'>>;
  deleteContact?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteContactArgs, 'expectedVersion' | 'id'>>;
  disconnectMailbox?: Resolver<ResolversTypes['Mailbox'], ParentType, ContextType, RequireFields<MutationDisconnectMailboxArgs, 'id'>>;
  linkCall?: Resolver<ResolversTypes['Activity'], ParentType, ContextType, RequireFields<MutationLinkCallArgs, 'callId' | 'contactId'>>;
  logActivity?: Resolver<ResolversTypes['Activity'], ParentType, ContextType, RequireFields<MutationLogActivityArgs, 'input'>>;
  moveDeal?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationMoveDealArgs, 'expectedVersion' | 'id' | 'stageId'>>;
  promoteCompanyToClient?: Resolver<ResolversTypes['Company'], ParentType, ContextType, RequireFields<MutationPromoteCompanyToClientArgs, 'companyId'>>;
  recordEsignEvent?: Resolver<ResolversTypes['EsignDocument'], ParentType, ContextType, RequireFields<MutationRecordEsignEventArgs, 'expectedVersion' | 'id' | 'status'>>;
  reopenDeal?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationReopenDealArgs, 'expectedVersion' | 'id' | 'stageId'>>;
  replayParkedEvent?: Resolver<ResolversTypes['ParkedEvent'], ParentType, ContextType, RequireFields<MutationReplayParkedEventArgs, 'id'>>;
  requestEsignature?: Resolver<ResolversTypes['EsignDocument'], ParentType, ContextType, RequireFields<MutationRequestEsignatureArgs, 'input'>>;
  requestPsaProject?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationRequestPsaProjectArgs, 'dealId'>>;
  sendCampaign?: Resolver<ResolversTypes['CampaignSendResult'], ParentType, ContextType, RequireFields<MutationSendCampaignArgs, 'input'>>;
  sendEmail?: Resolver<ResolversTypes['Activity'], ParentType, ContextType, RequireFields<MutationSendEmailArgs, 'input'>>;
  sendEsignViaPortal?: Resolver<ResolversTypes['EsignDocument'], ParentType, ContextType, RequireFields<MutationSendEsignViaPortalArgs, 'documentId'>>;
  setContactEmailConsent?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationSetContactEmailConsentArgs, 'id'>>;
  setDealLineItems?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationSetDealLineItemsArgs, 'expectedVersion' | 'id' | 'items'>>;
  setQuoteStatus?: Resolver<ResolversTypes['Quote'], ParentType, ContextType, RequireFields<MutationSetQuoteStatusArgs, 'expectedVersion' | 'id' | 'status'>>;
  shareQuoteViaPortal?: Resolver<ResolversTypes['Quote'], ParentType, ContextType, RequireFields<MutationShareQuoteViaPortalArgs, 'quoteId'>>;
  syncMailboxNow?: Resolver<ResolversTypes['Mailbox'], ParentType, ContextType, RequireFields<MutationSyncMailboxNowArgs, 'id'>>;
  updateCompany?: Resolver<ResolversTypes['Company'], ParentType, ContextType, RequireFields<MutationUpdateCompanyArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateContact?: Resolver<ResolversTypes['Contact'], ParentType, ContextType, RequireFields<MutationUpdateContactArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateDeal?: Resolver<ResolversTypes['Deal'], ParentType, ContextType, RequireFields<MutationUpdateDealArgs, 'expectedVersion' | 'id' | 'input'>>;
  updatePipeline?: Resolver<ResolversTypes['Pipeline'], ParentType, ContextType, RequireFields<MutationUpdatePipelineArgs, 'expectedVersion' | 'id' | 'input'>>;
  updateQuote?: Resolver<ResolversTypes['Quote'], ParentType, ContextType, RequireFields<MutationUpdateQuoteArgs, 'expectedVersion' | 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ParkedEventResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ParkedEvent'] = ResolversParentTypes['ParkedEvent']> = ResolversObject<{
  consumer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FailedEventKind'], ParentType, ContextType>;
  parkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ParkedEventConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ParkedEventConnection'] = ResolversParentTypes['ParkedEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ParkedEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ParkedEventEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['ParkedEventEdge'] = ResolversParentTypes['ParkedEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ParkedEvent'], ParentType, ContextType>;
}>;

export type PipelineResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Pipeline'] = ResolversParentTypes['Pipeline'], FederationReferenceType extends FederationReferenceTypes['Pipeline'] = FederationReferenceTypes['Pipeline']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Pipeline']> | FederationReferenceType, FederationReferenceType, ContextType>;
  board?: Resolver<Array<ResolversTypes['StageColumn']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deals?: Resolver<ResolversTypes['DealConnection'], ParentType, ContextType, RequireFields<PipelineDealsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stages?: Resolver<Array<ResolversTypes['PipelineStage']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PipelineConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PipelineConnection'] = ResolversParentTypes['PipelineConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PipelineEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type PipelineEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PipelineEdge'] = ResolversParentTypes['PipelineEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Pipeline'], ParentType, ContextType>;
}>;

export type PipelineStageResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PipelineStage'] = ResolversParentTypes['PipelineStage']> = ResolversObject<{
  color?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['StageKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pipeline?: Resolver<ResolversTypes['Pipeline'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PipelineSummaryResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PipelineSummary'] = ResolversParentTypes['PipelineSummary']> = ResolversObject<{
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  lastStageChange?: Resolver<Maybe<ResolversTypes['DealStageChange']>, ParentType, ContextType>;
  lostCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  nextExpectedClose?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  openCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  openDeals?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType>;
  openTotals?: Resolver<Array<ResolversTypes['CurrencyTotal']>, ParentType, ContextType>;
  wonCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  wonMrr?: Resolver<Array<ResolversTypes['CurrencyTotal']>, ParentType, ContextType>;
  wonTotals?: Resolver<Array<ResolversTypes['CurrencyTotal']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  activities?: Resolver<ResolversTypes['ActivityConnection'], ParentType, ContextType, RequireFields<QueryActivitiesArgs, 'first'>>;
  activity?: Resolver<Maybe<ResolversTypes['Activity']>, ParentType, ContextType, RequireFields<QueryActivityArgs, 'id'>>;
  companies?: Resolver<ResolversTypes['CompanyConnection'], ParentType, ContextType, RequireFields<QueryCompaniesArgs, 'first'>>;
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType, RequireFields<QueryCompanyArgs, 'id'>>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType, RequireFields<QueryContactArgs, 'id'>>;
  contactByPhone?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType, RequireFields<QueryContactByPhoneArgs, 'phone'>>;
  contacts?: Resolver<ResolversTypes['ContactConnection'], ParentType, ContextType, RequireFields<QueryContactsArgs, 'first'>>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType, RequireFields<QueryDealArgs, 'id'>>;
  deals?: Resolver<ResolversTypes['DealConnection'], ParentType, ContextType, RequireFields<QueryDealsArgs, 'first'>>;
  esignDocument?: Resolver<Maybe<ResolversTypes['EsignDocument']>, ParentType, ContextType, RequireFields<QueryEsignDocumentArgs, 'id'>>;
  esignDocuments?: Resolver<ResolversTypes['EsignDocumentConnection'], ParentType, ContextType, RequireFields<QueryEsignDocumentsArgs, 'first'>>;
  mailboxes?: Resolver<Array<ResolversTypes['Mailbox']>, ParentType, ContextType>;
  parkedEvents?: Resolver<ResolversTypes['ParkedEventConnection'], ParentType, ContextType, RequireFields<QueryParkedEventsArgs, 'first' | 'includeResolved'>>;
  pipeline?: Resolver<Maybe<ResolversTypes['Pipeline']>, ParentType, ContextType, RequireFields<QueryPipelineArgs, 'id'>>;
  pipelineSummary?: Resolver<Maybe<ResolversTypes['PipelineSummary']>, ParentType, ContextType, RequireFields<QueryPipelineSummaryArgs, 'companyId'>>;
  pipelines?: Resolver<ResolversTypes['PipelineConnection'], ParentType, ContextType, RequireFields<QueryPipelinesArgs, 'first'>>;
  quote?: Resolver<Maybe<ResolversTypes['Quote']>, ParentType, ContextType, RequireFields<QueryQuoteArgs, 'id'>>;
  quoteByShareToken?: Resolver<Maybe<ResolversTypes['Quote']>, ParentType, ContextType, RequireFields<QueryQuoteByShareTokenArgs, 'token'>>;
  quotes?: Resolver<ResolversTypes['QuoteConnection'], ParentType, ContextType, RequireFields<QueryQuotesArgs, 'first'>>;
  revenueDashboard?: Resolver<Array<ResolversTypes['RevenuePeriod']>, ParentType, ContextType, RequireFields<QueryRevenueDashboardArgs, 'currency' | 'from' | 'to'>>;
  unmatchedCalls?: Resolver<ResolversTypes['UnmatchedCallConnection'], ParentType, ContextType, RequireFields<QueryUnmatchedCallsArgs, 'first'>>;
}>;

export type QuoteResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Quote'] = ResolversParentTypes['Quote'], FederationReferenceType extends FederationReferenceTypes['Quote'] = FederationReferenceTypes['Quote']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Quote']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType>;
  decidedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  declineReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['LineItem']>, ParentType, ContextType>;
  monthlyRecurring?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  portalUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sentAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  shareToken?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['SourceProduct'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['QuoteStatus'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  tax?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  taxRate?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  validUntil?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  viewedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type QuoteConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['QuoteConnection'] = ResolversParentTypes['QuoteConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['QuoteEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type QuoteEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['QuoteEdge'] = ResolversParentTypes['QuoteEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Quote'], ParentType, ContextType>;
}>;

export type RevenuePeriodResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['RevenuePeriod'] = ResolversParentTypes['RevenuePeriod'], FederationReferenceType extends FederationReferenceTypes['RevenuePeriod'] = FederationReferenceTypes['RevenuePeriod']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['RevenuePeriod']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  month?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  openDeals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weightedPipeline?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  wonDeals?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  wonMrr?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  wonValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type StageColumnResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['StageColumn'] = ResolversParentTypes['StageColumn']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['PipelineStage'], ParentType, ContextType>;
  totalValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  weightedValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  companyActivity?: SubscriptionResolver<ResolversTypes['Activity'], "companyActivity", ParentType, ContextType, RequireFields<SubscriptionCompanyActivityArgs, 'companyId'>>;
  contactActivity?: SubscriptionResolver<ResolversTypes['Activity'], "contactActivity", ParentType, ContextType, RequireFields<SubscriptionContactActivityArgs, 'contactId'>>;
  dealUpdated?: SubscriptionResolver<ResolversTypes['Deal'], "dealUpdated", ParentType, ContextType, RequireFields<SubscriptionDealUpdatedArgs, 'dealId'>>;
  pipelineUpdated?: SubscriptionResolver<ResolversTypes['Deal'], "pipelineUpdated", ParentType, ContextType, Partial<SubscriptionPipelineUpdatedArgs>>;
}>;

export type UnmatchedCallResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['UnmatchedCall'] = ResolversParentTypes['UnmatchedCall']> = ResolversObject<{
  agentUserId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  candidates?: Resolver<Array<ResolversTypes['Contact']>, ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['CallDirection'], ParentType, ContextType>;
  durationSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['UnmatchedCallReason'], ParentType, ContextType>;
  recordingUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UnmatchedCallConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['UnmatchedCallConnection'] = ResolversParentTypes['UnmatchedCallConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UnmatchedCallEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type UnmatchedCallEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['UnmatchedCallEdge'] = ResolversParentTypes['UnmatchedCallEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['UnmatchedCall'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = CrmContext> = ResolversObject<{
  Activity?: ActivityResolvers<ContextType>;
  ActivityConnection?: ActivityConnectionResolvers<ContextType>;
  ActivityEdge?: ActivityEdgeResolvers<ContextType>;
  Address?: AddressResolvers<ContextType>;
  CampaignSendResult?: CampaignSendResultResolvers<ContextType>;
  CampaignSkippedRecipient?: CampaignSkippedRecipientResolvers<ContextType>;
  Company?: CompanyResolvers<ContextType>;
  CompanyConnection?: CompanyConnectionResolvers<ContextType>;
  CompanyEdge?: CompanyEdgeResolvers<ContextType>;
  CompanyStatusChange?: CompanyStatusChangeResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  ContactConnection?: ContactConnectionResolvers<ContextType>;
  ContactEdge?: ContactEdgeResolvers<ContextType>;
  ContactPhone?: ContactPhoneResolvers<ContextType>;
  CurrencyTotal?: CurrencyTotalResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  DealConnection?: DealConnectionResolvers<ContextType>;
  DealEdge?: DealEdgeResolvers<ContextType>;
  DealStageChange?: DealStageChangeResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  EsignDocument?: EsignDocumentResolvers<ContextType>;
  EsignDocumentConnection?: EsignDocumentConnectionResolvers<ContextType>;
  EsignDocumentEdge?: EsignDocumentEdgeResolvers<ContextType>;
  HealthScore?: HealthScoreResolvers<ContextType>;
  HealthScoreConnection?: HealthScoreConnectionResolvers<ContextType>;
  HealthScoreEdge?: HealthScoreEdgeResolvers<ContextType>;
  HubUser?: HubUserResolvers<ContextType>;
  LineItem?: LineItemResolvers<ContextType>;
  Mailbox?: MailboxResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ParkedEvent?: ParkedEventResolvers<ContextType>;
  ParkedEventConnection?: ParkedEventConnectionResolvers<ContextType>;
  ParkedEventEdge?: ParkedEventEdgeResolvers<ContextType>;
  Pipeline?: PipelineResolvers<ContextType>;
  PipelineConnection?: PipelineConnectionResolvers<ContextType>;
  PipelineEdge?: PipelineEdgeResolvers<ContextType>;
  PipelineStage?: PipelineStageResolvers<ContextType>;
  PipelineSummary?: PipelineSummaryResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Quote?: QuoteResolvers<ContextType>;
  QuoteConnection?: QuoteConnectionResolvers<ContextType>;
  QuoteEdge?: QuoteEdgeResolvers<ContextType>;
  RevenuePeriod?: RevenuePeriodResolvers<ContextType>;
  StageColumn?: StageColumnResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  UnmatchedCall?: UnmatchedCallResolvers<ContextType>;
  UnmatchedCallConnection?: UnmatchedCallConnectionResolvers<ContextType>;
  UnmatchedCallEdge?: UnmatchedCallEdgeResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = CrmContext> = ResolversObject<{
  requiresAuthentication?: RequiresAuthenticationDirectiveResolver<any, any, ContextType>;
  requiresPermissions?: RequiresPermissionsDirectiveResolver<any, any, ContextType>;
}>;
