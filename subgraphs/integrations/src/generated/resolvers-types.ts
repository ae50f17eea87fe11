import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PsaLinkRow } from '../features/psa/store.ts';
import type { PsaProjectRow } from '../features/psa/projects-store.ts';
import type { PsaProjectRequestRow } from '../features/psa/project-requests-store.ts';
import type { FailedEvent } from '@onegraph/consumers';
import type { PortalSettingsRow, PortalAccessRow } from '../features/portal/store.ts';
import type { ContactCallsRow, VoiceCallRow } from '../features/voice/store.ts';
import type { BillingSetupRow, BillingAmendment } from '../features/books/store.ts';
import type { IntegrationsContext } from '../context.ts';
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
  /** An instant in time, as an ISO 8601 string with a time zone (UTC on output). */
  DateTime: { input: string; output: Date | string; }
  /**
   * An exact decimal amount as a string with two decimal places (`"1200.50"`),
   * in major units of the currency next to it. Never a float.
   */
  Decimal: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * A won deal's changed terms as Books took them (value, MRR, term, line
 * items): one amendment per deal version.
 */
export type BooksBillingAmendment = {
  __typename?: 'BooksBillingAmendment';
  /** Books' id of the amendment. */
  booksAmendmentId: Scalars['ID']['output'];
  contractValue: Scalars['Decimal']['output'];
  /** When Books took it. */
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  /** The deal version the terms are from. */
  dealVersion: Scalars['Int']['output'];
  lines: Array<BooksBillingLine>;
  mrr: Scalars['Decimal']['output'];
  termMonths: Maybe<Scalars['Int']['output']>;
};

/** Why Books stopped billing a won deal. */
export type BooksBillingCancelReason =
  /** The deal was lost after it had been won. */
  | 'DEAL_LOST'
  /** The deal was reopened. */
  | 'DEAL_REOPENED';

/** One line of a billing setup: a CRM line item mapped to a Books GL account. */
export type BooksBillingLine = {
  __typename?: 'BooksBillingLine';
  amount: Scalars['Decimal']['output'];
  /** ONE_OFF, MONTHLY, QUARTERLY or ANNUALLY. */
  billing: Scalars['String']['output'];
  /** The Books GL account the line's revenue is booked to (e.g. 4000 Service Revenue). */
  glAccount: Scalars['String']['output'];
  quantity: Scalars['Decimal']['output'];
  service: Scalars['String']['output'];
  unitPrice: Scalars['Decimal']['output'];
};

/** A won deal's client billing setup in Books: the contract and each line's GL account. */
export type BooksBillingSetup = {
  __typename?: 'BooksBillingSetup';
  /** The terms Books took after the win, one per deal version, oldest first. */
  amendments: Array<BooksBillingAmendment>;
  /** Calls made to Books for it (more than one when Books was unavailable). */
  attempts: Scalars['Int']['output'];
  /** Books' id of the setup; null while PENDING. */
  booksSetupId: Maybe<Scalars['ID']['output']>;
  /** Why Books stopped billing, once CANCELLED. */
  cancelReason: Maybe<BooksBillingCancelReason>;
  /** Total contract value, as the deal had it when won. */
  contractValue: Scalars['Decimal']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** ISO 4217 code of both amounts. */
  currency: Scalars['String']['output'];
  /** The deal version Books bills: the version that was won, then each version an amendment brought. */
  dealVersion: Maybe<Scalars['Int']['output']>;
  /** Why the last call to Books about it failed (the setup while PENDING or FAILED, an amendment or cancellation since); null after a success. */
  lastError: Maybe<Scalars['String']['output']>;
  /** The deal's line items as Books bills them, each with its GL account. */
  lines: Array<BooksBillingLine>;
  /** Monthly recurring revenue. */
  mrr: Scalars['Decimal']['output'];
  status: BooksBillingStatus;
  /** Contract term in months, when the deal has one. */
  termMonths: Maybe<Scalars['Int']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

/** Where a billing setup stands. */
export type BooksBillingStatus =
  /** Set up in Books. */
  | 'ACTIVE'
  /** Books stopped billing: the deal was reopened, or lost after it was won (`cancelReason`). Won again, it gets a new setup. */
  | 'CANCELLED'
  /** Books refused it, or stayed unavailable through every retry (the event then went to the DLQ); see `lastError`. */
  | 'FAILED'
  /** Books has not confirmed it yet (unavailable: retried with backoff). */
  | 'PENDING';

/** A Books invoice, as Books' `books.invoice.*` events report it. */
export type BooksInvoice = {
  __typename?: 'BooksInvoice';
  currency: Scalars['String']['output'];
  /** The CRM deal it bills, when Books knows it. */
  dealId: Maybe<Scalars['ID']['output']>;
  dueAt: Scalars['DateTime']['output'];
  /** Books' invoice id. */
  id: Scalars['ID']['output'];
  issuedAt: Scalars['DateTime']['output'];
  /** Books' invoice number, e.g. INV-1042. */
  number: Scalars['String']['output'];
  paidAt: Maybe<Scalars['DateTime']['output']>;
  status: BooksInvoiceStatus;
  total: Scalars['Decimal']['output'];
};

/** Where an invoice stands; it only moves forward, whatever order Books' events arrive in. */
export type BooksInvoiceStatus =
  | 'ISSUED'
  | 'OVERDUE'
  | 'PAID';

/** Which way a call went. */
export type CallDirection =
  /** The contact called. */
  | 'INBOUND'
  /** The MSP called. */
  | 'OUTBOUND';

/**
 * The integrations subgraph adds what the other products of The One Stack
 * know about a CRM company.
 */
export type Company = {
  __typename?: 'Company';
  id: Scalars['ID']['output'];
  /** The company's Books invoices, newest first, as Books' events report them. */
  invoices: Array<BooksInvoice>;
  /** The company's client portal (feature toggles, branding, custom domain); null until it is set up. */
  portal: Maybe<PortalSettings>;
  /** Whether the company's clients can log in to a client portal, and where. */
  portalAccess: PortalAccess;
  /** The company's PSA client, as PSA's events report it. */
  psa: PsaLink;
};

/**
 * A CRM contact (owned by crm): this subgraph adds the calls Voice reported
 * with the contact's phone numbers, and the contact's access to their
 * company's client portal.
 */
export type Contact = {
  __typename?: 'Contact';
  /**
   * Calls Voice reported to or from one of the contact's numbers (today's
   * numbers, so a number added later brings its earlier calls). Unlike the
   * contact's timeline, which logs each call on one contact only, a number
   * several contacts share shows its calls on each of them.
   */
  calls: ContactCalls;
  /** The contact's company (crm's), whose portal the contact logs in to. */
  company: Company;
  id: Scalars['ID']['output'];
  /** The contact's numbers (crm's), which their calls are found by. */
  phones: Array<ContactPhone>;
  /** Whether the contact can log in to their company's client portal, and where. */
  portalAccess: PortalAccess;
};

/** A contact's calls as Voice reported them (`voice.call.completed`). */
export type ContactCalls = {
  __typename?: 'ContactCalls';
  /** How many calls there were. */
  count: Scalars['Int']['output'];
  /** The most recent call; null when there was none. */
  lastCall: Maybe<VoiceCall>;
  /** The most recent calls, newest first: `first` of them (1 to 20). */
  recent: Array<VoiceCall>;
};


/** A contact's calls as Voice reported them (`voice.call.completed`). */
export type ContactCallsRecentArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A phone number of a contact (crm's type; only the number is needed here). */
export type ContactPhone = {
  __typename?: 'ContactPhone';
  /** E.164, e.g. +14155550101. */
  number: Scalars['String']['output'];
};

export type CreateIntegrationKeyInput = {
  /** When the key stops working; never, when absent. Must be in the future. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** How the key is written. Default OGK. */
  format?: InputMaybe<IntegrationKeyFormat>;
  /** A name to recognise the key by (1 to 100 characters). */
  name: Scalars['String']['input'];
  /** The product the key is for: lower case, e.g. `psa`, `books`. */
  product: Scalars['String']['input'];
  /** Permission strings the key may use (1 to 50), each within the creator's own permissions. */
  scopes: Array<Scalars['String']['input']>;
};

/** A key just created or rotated, with its plaintext: shown this once. */
export type CreatedIntegrationKey = {
  __typename?: 'CreatedIntegrationKey';
  key: IntegrationKey;
  /** The whole key. Store it now: it is never shown again. */
  plaintext: Scalars['String']['output'];
};

/**
 * A CRM deal (owned by crm): this subgraph adds the PSA project opened for it
 * when it was won (`requestPsaProject`).
 */
export type Deal = {
  __typename?: 'Deal';
  /** The client billing setup Books made from the won deal; null until the deal is won. */
  booksBilling: Maybe<BooksBillingSetup>;
  id: Scalars['ID']['output'];
  /** The PSA project opened for the won deal; null until PSA opened one (or when none was requested). */
  psaProject: Maybe<PsaProject>;
  /**
   * Where the PSA project asked for this deal stands once it was won: PENDING
   * (with the attempts and the last error) while PSA is unavailable, CREATED,
   * or FAILED when PSA refused it or stayed unavailable through every retry.
   * Null until a won deal asked PSA for one.
   */
  psaProjectRequest: Maybe<PsaProjectRequest>;
};

/**
 * How a Bus consumer gave up on an event. The same enum in every subgraph
 * whose consumers list their failed events.
 */
export type FailedEventKind =
  /** Applying it failed through every retry, or with an error no retry can fix; the Bus also wrote it to the topic's DLQ. */
  | 'DEAD_LETTERED'
  /** It names something the service does not have (yet), e.g. an unknown company: kept, not retried, until an admin replays it. */
  | 'PARKED';

/**
 * A credential another product (or a public API client) presents to the
 * graph: `X-Integration-Key: ogk_...` or `Authorization: Bearer ogk_...|tos_...`.
 * It acts for its organisation with its scopes, and nothing else.
 */
export type IntegrationKey = {
  __typename?: 'IntegrationKey';
  createdAt: Scalars['DateTime']['output'];
  /** The Hub user who created (or rotated into) the key. */
  createdBy: Scalars['String']['output'];
  /** When the key stops working: chosen at creation, or the end of the overlap after a rotation. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** How the key is written: OGK for products (`ogk_`), TOS for the public API (`tos_`). */
  format: IntegrationKeyFormat;
  id: Scalars['ID']['output'];
  /** The last time the graph accepted the key (recorded at most once a minute). */
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** A name to recognise the key by, e.g. `PSA production`. */
  name: Scalars['String']['output'];
  /** The public start of the key (`ogk_1a2b3c4d`), to recognise it; the secret part is never shown again. */
  prefix: Scalars['String']['output'];
  /** The product the key belongs to, e.g. `psa`. */
  product: Scalars['String']['output'];
  /** The key that replaced this one, when it was rotated. */
  replacedById: Maybe<Scalars['ID']['output']>;
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  revokedBy: Maybe<Scalars['String']['output']>;
  /** The key this one replaced, when it came from a rotation. */
  rotatedFromId: Maybe<Scalars['ID']['output']>;
  /** Permission strings (`crm.companies.read`, `crm.deals.*`): what the key may do. */
  scopes: Array<Scalars['String']['output']>;
  status: IntegrationKeyStatus;
};

/** How an integration key is written. */
export type IntegrationKeyFormat =
  /** `ogk_<prefix>_<secret>`: product-to-product calls, sent as `X-Integration-Key` (or `Authorization: Bearer`). */
  | 'OGK'
  /** `tos_<prefix>_<secret>`: the public API's form, sent as `Authorization: Bearer`. */
  | 'TOS';

/** Where an integration key stands. */
export type IntegrationKeyStatus =
  /** Valid. */
  | 'ACTIVE'
  /** Past its `expiresAt`: refused. */
  | 'EXPIRED'
  /** Revoked: refused. */
  | 'REVOKED'
  /** Rotated: still valid until `expiresAt`, the end of the overlap. */
  | 'ROTATING';

/** An event an integrations consumer could not apply, kept for an admin to see and replay. */
export type IntegrationsFailedEvent = {
  __typename?: 'IntegrationsFailedEvent';
  /** The consumer that gave up on it, e.g. `integrations.books-billing`. */
  consumer: Scalars['String']['output'];
  /** The event's `data`, as JSON text. */
  data: Scalars['String']['output'];
  /** The event's CloudEvents id. */
  eventId: Scalars['ID']['output'];
  /** The event's type, e.g. `crm.deal.won`. */
  eventType: Scalars['String']['output'];
  /** When it was (last) parked or dead-lettered. */
  failedAt: Scalars['DateTime']['output'];
  /** Stable id (`ifev_…`). */
  id: Scalars['ID']['output'];
  /** Whether it was parked or dead-lettered (the latest, after a failed replay). */
  kind: FailedEventKind;
  /** Why it could not be applied: the last error, e.g. Books' refusal. */
  reason: Scalars['String']['output'];
  /** When an admin replayed it; null while it waits. */
  resolvedAt: Maybe<Scalars['DateTime']['output']>;
  /** Which product published it (the envelope's `source`). */
  source: Scalars['String']['output'];
  /** The event's subject, e.g. `deal/deal_1`. */
  subject: Maybe<Scalars['String']['output']>;
};

/** A page of the integrations consumers' failed events (Relay connection). */
export type IntegrationsFailedEventConnection = {
  __typename?: 'IntegrationsFailedEventConnection';
  /** The items of this page, in order. */
  edges: Array<IntegrationsFailedEventEdge>;
  /** Where this page ends and whether another follows. */
  pageInfo: PageInfo;
};

/** One failed event of a page, with its cursor. */
export type IntegrationsFailedEventEdge = {
  __typename?: 'IntegrationsFailedEventEdge';
  /** Opaque; pass as `after` to read the page following this edge. */
  cursor: Scalars['String']['output'];
  /** The failed event. */
  node: IntegrationsFailedEvent;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Creates an integration key for a product of The One Stack. The plaintext
   * is in the result, and only there: it is stored hashed and cannot be shown
   * again. Owner and Admin only; a key's scopes cannot exceed its creator's
   * permissions.
   */
  createIntegrationKey: CreatedIntegrationKey;
  /**
   * Applies a parked or dead-lettered event again through the consumer that
   * gave up on it (once Books or PSA accepts it again, say); it is applied
   * exactly once. Still failing: parked or dead-lettered again with the new
   * reason (`resolvedAt` null). NOT_FOUND for an unknown id (or another
   * organisation's); INVALID_TRANSITION for an event replayed already. Owner
   * and Admin only.
   */
  replayIntegrationsFailedEvent: IntegrationsFailedEvent;
  /**
   * Revokes a key at once: the graph refuses it within seconds (the gateway's
   * verification cache), without a restart. Revoking a revoked key changes
   * nothing. Owner and Admin only.
   */
  revokeIntegrationKey: IntegrationKey;
  /**
   * Replaces a key by a new one (same product, name, scopes and expiry). The
   * old key keeps working for `overlapSeconds` (0 to 604800; default one
   * hour), so the product can switch without downtime, then stops. Owner and
   * Admin only.
   */
  rotateIntegrationKey: CreatedIntegrationKey;
  /**
   * Creates or changes a company's client portal and pushes it to Portal
   * (nothing is saved when Portal refuses or is unavailable). BAD_USER_INPUT
   * for an invalid domain, name or colour; CONFLICT when another portal has
   * verified the domain. A new custom domain is PENDING until
   * `verifyPortalDomain`. Owner and Admin only.
   */
  updatePortalSettings: PortalSettings;
  /**
   * Proves the company's PENDING custom domain: looks up the TXT record
   * `_onestack-challenge.<domain>` and, when it holds the issued token, marks
   * the domain VERIFIED and pushes it to Portal. BAD_USER_INPUT when there is
   * no pending domain or the record does not hold the token; CONFLICT when
   * another portal verified the domain first (without saying whose).
   * Owner and Admin only.
   */
  verifyPortalDomain: PortalSettings;
};


export type MutationCreateIntegrationKeyArgs = {
  input: CreateIntegrationKeyInput;
};


export type MutationReplayIntegrationsFailedEventArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeIntegrationKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateIntegrationKeyArgs = {
  id: Scalars['ID']['input'];
  overlapSeconds?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationUpdatePortalSettingsArgs = {
  companyId: Scalars['ID']['input'];
  input: PortalSettingsInput;
};


export type MutationVerifyPortalDomainArgs = {
  companyId: Scalars['ID']['input'];
};

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last edge, to pass as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether another page follows this one. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Whether a company's clients can log in to its client portal (as Portal accepted its settings), and where. */
export type PortalAccess = {
  __typename?: 'PortalAccess';
  /** Whether the company has a client portal. */
  enabled: Scalars['Boolean']['output'];
  /** Which CRM features the portal shows; null without a portal. */
  features: Maybe<PortalFeatures>;
  /** Where its clients log in (the verified custom domain, else Portal's own address); null without a portal. */
  url: Maybe<Scalars['String']['output']>;
};

/** The DNS TXT record to publish to prove a custom domain. */
export type PortalDomainChallenge = {
  __typename?: 'PortalDomainChallenge';
  /** The record's name: `_onestack-challenge.<domain>`. */
  recordName: Scalars['String']['output'];
  /** The value the TXT record must hold (a token the graph issued for this claim). */
  recordValue: Scalars['String']['output'];
};

/** Whether a portal's custom domain is proven to belong to its organisation. */
export type PortalDomainStatus =
  /** Claimed, not yet proven: blocks nobody, and Portal does not serve it. */
  | 'PENDING'
  /** Proven by its DNS TXT record: no other portal of any organisation can have it. */
  | 'VERIFIED';

/** The CRM features a client portal shows (all off until turned on). */
export type PortalFeatures = {
  __typename?: 'PortalFeatures';
  /** Documents to sign. */
  esign: Scalars['Boolean']['output'];
  /** Books invoices. */
  invoices: Scalars['Boolean']['output'];
  /** Marketing content and campaigns. */
  marketing: Scalars['Boolean']['output'];
  /** Open deals and their stages. */
  pipeline: Scalars['Boolean']['output'];
  /** Quotes and proposals shared with the client. */
  quotes: Scalars['Boolean']['output'];
};

/** Feature toggles to change; those left out keep their value. */
export type PortalFeaturesInput = {
  esign?: InputMaybe<Scalars['Boolean']['input']>;
  invoices?: InputMaybe<Scalars['Boolean']['input']>;
  marketing?: InputMaybe<Scalars['Boolean']['input']>;
  pipeline?: InputMaybe<Scalars['Boolean']['input']>;
  quotes?: InputMaybe<Scalars['Boolean']['input']>;
};

/**
 * A company's client portal: which CRM features its clients see, its
 * branding, and the domain they log in at.
 */
export type PortalSettings = {
  __typename?: 'PortalSettings';
  /** The portal's accent colour, `#RRGGBB`. */
  brandColor: Maybe<Scalars['String']['output']>;
  /** The name the portal shows instead of The One Stack's. */
  brandName: Maybe<Scalars['String']['output']>;
  companyId: Scalars['ID']['output'];
  /**
   * The portal's own domain (e.g. clients.yourmsp.com). It is PENDING until
   * proven with a DNS TXT record (`customDomainChallenge`); once VERIFIED it
   * is the portal's, across all organisations.
   */
  customDomain: Maybe<Scalars['String']['output']>;
  /** The DNS TXT record that proves the custom domain while it is PENDING (null otherwise). */
  customDomainChallenge: Maybe<PortalDomainChallenge>;
  /** Whether the custom domain is proven (null without one). */
  customDomainStatus: Maybe<PortalDomainStatus>;
  /** Which CRM features the portal shows. */
  features: PortalFeatures;
  /** When Portal last accepted these settings. */
  syncedAt: Maybe<Scalars['DateTime']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** The Hub user who last changed them. */
  updatedBy: Scalars['String']['output'];
  /** Where the company's clients log in, as Portal reports it (Portal's own address until the custom domain is verified). */
  url: Maybe<Scalars['String']['output']>;
  /** Incremented on every change. */
  version: Scalars['Int']['output'];
};

/** Changes to a company's portal; fields left out keep their value, null clears a text field. */
export type PortalSettingsInput = {
  /** `#RRGGBB`. */
  brandColor?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 characters. */
  brandName?: InputMaybe<Scalars['String']['input']>;
  /** A hostname such as clients.yourmsp.com: PENDING until verified (CONFLICT when another organisation verified it). */
  customDomain?: InputMaybe<Scalars['String']['input']>;
  features?: InputMaybe<PortalFeaturesInput>;
};

/** A CRM company's link to its PSA client and PSA's service figures for it. */
export type PsaLink = {
  __typename?: 'PsaLink';
  /** When PSA last reported ticket activity. */
  lastTicketActivityAt: Maybe<Scalars['DateTime']['output']>;
  /** The latest CSAT score (1-5), when PSA has recorded one. */
  latestCsat: Maybe<Scalars['Int']['output']>;
  /** Whether the company is linked to a PSA client. */
  linked: Scalars['Boolean']['output'];
  /** Tickets PSA reports as not resolved or closed. */
  openTickets: Scalars['Int']['output'];
  psaClientId: Maybe<Scalars['ID']['output']>;
};

/** A PSA project opened for a won CRM deal. */
export type PsaProject = {
  __typename?: 'PsaProject';
  /** When One Graph recorded the link. */
  createdAt: Scalars['DateTime']['output'];
  /** PSA's project id. */
  id: Scalars['ID']['output'];
  /** The project's name in PSA (the deal's title). */
  name: Scalars['String']['output'];
  /** The project's status as PSA reported it when it was created, e.g. `planned`. */
  status: Scalars['String']['output'];
};

/** A won deal's request for a PSA project, and how PSA answered it. */
export type PsaProjectRequest = {
  __typename?: 'PsaProjectRequest';
  /** Calls made to PSA for it (more than one when PSA was unavailable); every call carried the same idempotency key. */
  attempts: Scalars['Int']['output'];
  /** When the first call was made. */
  createdAt: Scalars['DateTime']['output'];
  /** Why the last call failed, while PENDING or FAILED; null once CREATED. */
  lastError: Maybe<Scalars['String']['output']>;
  /** The project PSA opened; null until CREATED. */
  project: Maybe<PsaProject>;
  status: PsaProjectRequestStatus;
  /** When the last call was made or answered. */
  updatedAt: Scalars['DateTime']['output'];
};

/** Where a PSA project request stands. */
export type PsaProjectRequestStatus =
  /** PSA opened the project (`project`). */
  | 'CREATED'
  /** PSA refused it, or stayed unavailable through every retry (see `lastError`); the event was dead-lettered, and replaying it tries again. */
  | 'FAILED'
  /** PSA has not opened it yet (unavailable: retried with backoff, then dead-lettered if PSA stays down). */
  | 'PENDING';

export type Query = {
  __typename?: 'Query';
  /**
   * The organisation's integration keys, newest first, in every status
   * (active, rotating, expired, revoked). Secrets are never listed: only the
   * public prefix. Owner and Admin only (FORBIDDEN otherwise).
   */
  integrationKeys: Array<IntegrationKey>;
  /**
   * Events the integrations subgraph's consumers could not apply (PSA read
   * model, Books invoices, won deals' PSA projects and Books billing setups):
   * PARKED, or DEAD_LETTERED because applying them kept failing or the other
   * product refused (the Bus also keeps them in the topic's DLQ). Newest
   * first; unresolved only unless `includeResolved`; both kinds unless `kind`.
   * Replay one with `replayIntegrationsFailedEvent` once the cause is fixed.
   * The CRM's consumers list theirs in `parkedEvents`. Owner and Admin only.
   */
  integrationsFailedEvents: IntegrationsFailedEventConnection;
};


export type QueryIntegrationsFailedEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  includeResolved?: InputMaybe<Scalars['Boolean']['input']>;
  kind?: InputMaybe<FailedEventKind>;
};

/**
 * One month of the revenue dashboard (crm serves the CRM figures and the
 * list); this subgraph adds Books' figures for the same month, scope and
 * currency.
 */
export type RevenuePeriod = {
  __typename?: 'RevenuePeriod';
  /** `revenue:<YYYY-MM>:<currency>:org` or `revenue:<YYYY-MM>:<currency>:company:<companyId>`. */
  id: Scalars['ID']['output'];
  /** Total of the invoices Books issued in the month. */
  invoiced: Scalars['Decimal']['output'];
  /** Total of the invoices issued in the month that are overdue now. */
  overdue: Scalars['Decimal']['output'];
  /** Total of the invoices paid in the month. */
  paid: Scalars['Decimal']['output'];
};

/** A completed call, as Voice reported it. */
export type VoiceCall = {
  __typename?: 'VoiceCall';
  /** The Hub user who took or made the call. */
  agentUserId: Scalars['ID']['output'];
  /** Which way the call went. */
  direction: CallDirection;
  /** How long it lasted, in seconds. */
  durationSeconds: Scalars['Int']['output'];
  /** Voice's call id. */
  id: Scalars['ID']['output'];
  /** The contact's number on the call, in E.164 form. */
  number: Scalars['String']['output'];
  /** Where Voice keeps the recording; null when the call was not recorded. */
  recordingUrl: Maybe<Scalars['String']['output']>;
  /** When the call started. */
  startedAt: Scalars['DateTime']['output'];
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
  Company: Company;
  Contact: Contact;
  Deal: Deal;
  RevenuePeriod: RevenuePeriod;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Company:
    ( { __typename: 'Company' }
    & GraphQLRecursivePick<FederationTypes['Company'], {"id":true}> );
  Contact:
    ( { __typename: 'Contact' }
    & GraphQLRecursivePick<FederationTypes['Contact'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Contact'], {"phones":{"number":true}}>
        | GraphQLRecursivePick<FederationTypes['Contact'], {"phones":{"number":true},"company":{"id":true}}>
        | GraphQLRecursivePick<FederationTypes['Contact'], {"company":{"id":true}}> ) );
  Deal:
    ( { __typename: 'Deal' }
    & GraphQLRecursivePick<FederationTypes['Deal'], {"id":true}> );
  RevenuePeriod:
    ( { __typename: 'RevenuePeriod' }
    & GraphQLRecursivePick<FederationTypes['RevenuePeriod'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BooksBillingAmendment: ResolverTypeWrapper<BillingAmendment>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  BooksBillingCancelReason: BooksBillingCancelReason;
  BooksBillingLine: ResolverTypeWrapper<BooksBillingLine>;
  BooksBillingSetup: ResolverTypeWrapper<BillingSetupRow>;
  BooksBillingStatus: BooksBillingStatus;
  BooksInvoice: ResolverTypeWrapper<BooksInvoice>;
  BooksInvoiceStatus: BooksInvoiceStatus;
  CallDirection: CallDirection;
  Company: ResolverTypeWrapper<Omit<Company, 'portal' | 'portalAccess' | 'psa'> & { portal?: Maybe<ResolversTypes['PortalSettings']>, portalAccess: ResolversTypes['PortalAccess'], psa: ResolversTypes['PsaLink'] }>;
  Contact: ResolverTypeWrapper<Omit<Contact, 'calls' | 'company' | 'portalAccess'> & { calls: ResolversTypes['ContactCalls'], company: ResolversTypes['Company'], portalAccess: ResolversTypes['PortalAccess'] }>;
  ContactCalls: ResolverTypeWrapper<ContactCallsRow>;
  ContactPhone: ResolverTypeWrapper<ContactPhone>;
  CreateIntegrationKeyInput: CreateIntegrationKeyInput;
  CreatedIntegrationKey: ResolverTypeWrapper<CreatedIntegrationKey>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<Omit<Deal, 'booksBilling' | 'psaProject' | 'psaProjectRequest'> & { booksBilling?: Maybe<ResolversTypes['BooksBillingSetup']>, psaProject?: Maybe<ResolversTypes['PsaProject']>, psaProjectRequest?: Maybe<ResolversTypes['PsaProjectRequest']> }>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  FailedEventKind: FailedEventKind;
  IntegrationKey: ResolverTypeWrapper<IntegrationKey>;
  IntegrationKeyFormat: IntegrationKeyFormat;
  IntegrationKeyStatus: IntegrationKeyStatus;
  IntegrationsFailedEvent: ResolverTypeWrapper<FailedEvent>;
  IntegrationsFailedEventConnection: ResolverTypeWrapper<Omit<IntegrationsFailedEventConnection, 'edges'> & { edges: Array<ResolversTypes['IntegrationsFailedEventEdge']> }>;
  IntegrationsFailedEventEdge: ResolverTypeWrapper<Omit<IntegrationsFailedEventEdge, 'node'> & { node: ResolversTypes['IntegrationsFailedEvent'] }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PortalAccess: ResolverTypeWrapper<PortalAccessRow>;
  PortalDomainChallenge: ResolverTypeWrapper<PortalDomainChallenge>;
  PortalDomainStatus: PortalDomainStatus;
  PortalFeatures: ResolverTypeWrapper<PortalFeatures>;
  PortalFeaturesInput: PortalFeaturesInput;
  PortalSettings: ResolverTypeWrapper<PortalSettingsRow>;
  PortalSettingsInput: PortalSettingsInput;
  PsaLink: ResolverTypeWrapper<PsaLinkRow>;
  PsaProject: ResolverTypeWrapper<PsaProjectRow>;
  PsaProjectRequest: ResolverTypeWrapper<PsaProjectRequestRow>;
  PsaProjectRequestStatus: PsaProjectRequestStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevenuePeriod: ResolverTypeWrapper<RevenuePeriod>;
  VoiceCall: ResolverTypeWrapper<VoiceCallRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BooksBillingAmendment: BillingAmendment;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  BooksBillingLine: BooksBillingLine;
  BooksBillingSetup: BillingSetupRow;
  BooksInvoice: BooksInvoice;
  Company: Omit<Company, 'portal' | 'portalAccess' | 'psa'> & { portal?: Maybe<ResolversParentTypes['PortalSettings']>, portalAccess: ResolversParentTypes['PortalAccess'], psa: ResolversParentTypes['PsaLink'] } | FederationReferenceTypes['Company'];
  Contact: Omit<Contact, 'calls' | 'company' | 'portalAccess'> & { calls: ResolversParentTypes['ContactCalls'], company: ResolversParentTypes['Company'], portalAccess: ResolversParentTypes['PortalAccess'] } | FederationReferenceTypes['Contact'];
  ContactCalls: ContactCallsRow;
  ContactPhone: ContactPhone;
  CreateIntegrationKeyInput: CreateIntegrationKeyInput;
  CreatedIntegrationKey: CreatedIntegrationKey;
  DateTime: Scalars['DateTime']['output'];
  Deal: Omit<Deal, 'booksBilling' | 'psaProject' | 'psaProjectRequest'> & { booksBilling?: Maybe<ResolversParentTypes['BooksBillingSetup']>, psaProject?: Maybe<ResolversParentTypes['PsaProject']>, psaProjectRequest?: Maybe<ResolversParentTypes['PsaProjectRequest']> } | FederationReferenceTypes['Deal'];
  Decimal: Scalars['Decimal']['output'];
  IntegrationKey: IntegrationKey;
  IntegrationsFailedEvent: FailedEvent;
  IntegrationsFailedEventConnection: Omit<IntegrationsFailedEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['IntegrationsFailedEventEdge']> };
  IntegrationsFailedEventEdge: Omit<IntegrationsFailedEventEdge, 'node'> & { node: ResolversParentTypes['IntegrationsFailedEvent'] };
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PortalAccess: PortalAccessRow;
  PortalDomainChallenge: PortalDomainChallenge;
  PortalFeatures: PortalFeatures;
  PortalFeaturesInput: PortalFeaturesInput;
  PortalSettings: PortalSettingsRow;
  PortalSettingsInput: PortalSettingsInput;
  PsaLink: PsaLinkRow;
  PsaProject: PsaProjectRow;
  PsaProjectRequest: PsaProjectRequestRow;
  Query: Record<PropertyKey, never>;
  RevenuePeriod: RevenuePeriod | FederationReferenceTypes['RevenuePeriod'];
  VoiceCall: VoiceCallRow;
  String: Scalars['String']['output'];
}>;

export type RequiresAuthenticationDirectiveArgs = { };

export type RequiresAuthenticationDirectiveResolver<Result, Parent, ContextType = IntegrationsContext, Args = RequiresAuthenticationDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresPermissionsDirectiveArgs = {
  anyOf: Array<Array<Scalars['String']['input']>>;
};

export type RequiresPermissionsDirectiveResolver<Result, Parent, ContextType = IntegrationsContext, Args = RequiresPermissionsDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type BooksBillingAmendmentResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['BooksBillingAmendment'] = ResolversParentTypes['BooksBillingAmendment']> = ResolversObject<{
  booksAmendmentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  contractValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dealVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['BooksBillingLine']>, ParentType, ContextType>;
  mrr?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  termMonths?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type BooksBillingLineResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['BooksBillingLine'] = ResolversParentTypes['BooksBillingLine']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  billing?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  glAccount?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type BooksBillingSetupResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['BooksBillingSetup'] = ResolversParentTypes['BooksBillingSetup']> = ResolversObject<{
  amendments?: Resolver<Array<ResolversTypes['BooksBillingAmendment']>, ParentType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  booksSetupId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  cancelReason?: Resolver<Maybe<ResolversTypes['BooksBillingCancelReason']>, ParentType, ContextType>;
  contractValue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dealVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['BooksBillingLine']>, ParentType, ContextType>;
  mrr?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BooksBillingStatus'], ParentType, ContextType>;
  termMonths?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type BooksInvoiceResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['BooksInvoice'] = ResolversParentTypes['BooksInvoice']> = ResolversObject<{
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dealId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  dueAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paidAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['BooksInvoiceStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type CompanyResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company'], FederationReferenceType extends FederationReferenceTypes['Company'] = FederationReferenceTypes['Company']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Company']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoices?: Resolver<Array<ResolversTypes['BooksInvoice']>, ParentType, ContextType>;
  portal?: Resolver<Maybe<ResolversTypes['PortalSettings']>, ParentType, ContextType>;
  portalAccess?: Resolver<ResolversTypes['PortalAccess'], ParentType, ContextType>;
  psa?: Resolver<ResolversTypes['PsaLink'], ParentType, ContextType>;
}>;

export type ContactResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact'], FederationReferenceType extends FederationReferenceTypes['Contact'] = FederationReferenceTypes['Contact']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Contact']> | FederationReferenceType, FederationReferenceType, ContextType>;
  calls?: Resolver<ResolversTypes['ContactCalls'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  portalAccess?: Resolver<ResolversTypes['PortalAccess'], ParentType, ContextType>;
}>;

export type ContactCallsResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['ContactCalls'] = ResolversParentTypes['ContactCalls']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastCall?: Resolver<Maybe<ResolversTypes['VoiceCall']>, ParentType, ContextType>;
  recent?: Resolver<Array<ResolversTypes['VoiceCall']>, ParentType, ContextType, RequireFields<ContactCallsRecentArgs, 'first'>>;
}>;

export type CreatedIntegrationKeyResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['CreatedIntegrationKey'] = ResolversParentTypes['CreatedIntegrationKey']> = ResolversObject<{
  key?: Resolver<ResolversTypes['IntegrationKey'], ParentType, ContextType>;
  plaintext?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DealResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Deal'] = ResolversParentTypes['Deal'], FederationReferenceType extends FederationReferenceTypes['Deal'] = FederationReferenceTypes['Deal']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Deal']> | FederationReferenceType, FederationReferenceType, ContextType>;
  booksBilling?: Resolver<Maybe<ResolversTypes['BooksBillingSetup']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  psaProject?: Resolver<Maybe<ResolversTypes['PsaProject']>, ParentType, ContextType>;
  psaProjectRequest?: Resolver<Maybe<ResolversTypes['PsaProjectRequest']>, ParentType, ContextType>;
}>;

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type IntegrationKeyResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['IntegrationKey'] = ResolversParentTypes['IntegrationKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  format?: Resolver<ResolversTypes['IntegrationKeyFormat'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  replacedById?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  revokedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rotatedFromId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IntegrationKeyStatus'], ParentType, ContextType>;
}>;

export type IntegrationsFailedEventResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['IntegrationsFailedEvent'] = ResolversParentTypes['IntegrationsFailedEvent']> = ResolversObject<{
  consumer?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  data?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['FailedEventKind'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type IntegrationsFailedEventConnectionResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['IntegrationsFailedEventConnection'] = ResolversParentTypes['IntegrationsFailedEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['IntegrationsFailedEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type IntegrationsFailedEventEdgeResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['IntegrationsFailedEventEdge'] = ResolversParentTypes['IntegrationsFailedEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['IntegrationsFailedEvent'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createIntegrationKey?: Resolver<ResolversTypes['CreatedIntegrationKey'], ParentType, ContextType, RequireFields<MutationCreateIntegrationKeyArgs, 'input'>>;
  replayIntegrationsFailedEvent?: Resolver<ResolversTypes['IntegrationsFailedEvent'], ParentType, ContextType, RequireFields<MutationReplayIntegrationsFailedEventArgs, 'id'>>;
  revokeIntegrationKey?: Resolver<ResolversTypes['IntegrationKey'], ParentType, ContextType, RequireFields<MutationRevokeIntegrationKeyArgs, 'id'>>;
  rotateIntegrationKey?: Resolver<ResolversTypes['CreatedIntegrationKey'], ParentType, ContextType, RequireFields<MutationRotateIntegrationKeyArgs, 'id' | 'overlapSeconds'>>;
  updatePortalSettings?: Resolver<ResolversTypes['PortalSettings'], ParentType, ContextType, RequireFields<MutationUpdatePortalSettingsArgs, 'companyId' | 'input'>>;
  verifyPortalDomain?: Resolver<ResolversTypes['PortalSettings'], ParentType, ContextType, RequireFields<MutationVerifyPortalDomainArgs, 'companyId'>>;
}>;

export type PageInfoResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PortalAccessResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PortalAccess'] = ResolversParentTypes['PortalAccess']> = ResolversObject<{
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  features?: Resolver<Maybe<ResolversTypes['PortalFeatures']>, ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PortalDomainChallengeResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PortalDomainChallenge'] = ResolversParentTypes['PortalDomainChallenge']> = ResolversObject<{
  recordName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordValue?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PortalFeaturesResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PortalFeatures'] = ResolversParentTypes['PortalFeatures']> = ResolversObject<{
  esign?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  invoices?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  marketing?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  pipeline?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  quotes?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PortalSettingsResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PortalSettings'] = ResolversParentTypes['PortalSettings']> = ResolversObject<{
  brandColor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  brandName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  companyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  customDomain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customDomainChallenge?: Resolver<Maybe<ResolversTypes['PortalDomainChallenge']>, ParentType, ContextType>;
  customDomainStatus?: Resolver<Maybe<ResolversTypes['PortalDomainStatus']>, ParentType, ContextType>;
  features?: Resolver<ResolversTypes['PortalFeatures'], ParentType, ContextType>;
  syncedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PsaLinkResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PsaLink'] = ResolversParentTypes['PsaLink']> = ResolversObject<{
  lastTicketActivityAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  latestCsat?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  linked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  openTickets?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  psaClientId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
}>;

export type PsaProjectResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PsaProject'] = ResolversParentTypes['PsaProject']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PsaProjectRequestResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['PsaProjectRequest'] = ResolversParentTypes['PsaProjectRequest']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  project?: Resolver<Maybe<ResolversTypes['PsaProject']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PsaProjectRequestStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  integrationKeys?: Resolver<Array<ResolversTypes['IntegrationKey']>, ParentType, ContextType>;
  integrationsFailedEvents?: Resolver<ResolversTypes['IntegrationsFailedEventConnection'], ParentType, ContextType, RequireFields<QueryIntegrationsFailedEventsArgs, 'first' | 'includeResolved'>>;
}>;

export type RevenuePeriodResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['RevenuePeriod'] = ResolversParentTypes['RevenuePeriod'], FederationReferenceType extends FederationReferenceTypes['RevenuePeriod'] = FederationReferenceTypes['RevenuePeriod']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['RevenuePeriod']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoiced?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  paid?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
}>;

export type VoiceCallResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['VoiceCall'] = ResolversParentTypes['VoiceCall']> = ResolversObject<{
  agentUserId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['CallDirection'], ParentType, ContextType>;
  durationSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recordingUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = IntegrationsContext> = ResolversObject<{
  BooksBillingAmendment?: BooksBillingAmendmentResolvers<ContextType>;
  BooksBillingLine?: BooksBillingLineResolvers<ContextType>;
  BooksBillingSetup?: BooksBillingSetupResolvers<ContextType>;
  BooksInvoice?: BooksInvoiceResolvers<ContextType>;
  Company?: CompanyResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  ContactCalls?: ContactCallsResolvers<ContextType>;
  CreatedIntegrationKey?: CreatedIntegrationKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  Decimal?: GraphQLScalarType;
  IntegrationKey?: IntegrationKeyResolvers<ContextType>;
  IntegrationsFailedEvent?: IntegrationsFailedEventResolvers<ContextType>;
  IntegrationsFailedEventConnection?: IntegrationsFailedEventConnectionResolvers<ContextType>;
  IntegrationsFailedEventEdge?: IntegrationsFailedEventEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PortalAccess?: PortalAccessResolvers<ContextType>;
  PortalDomainChallenge?: PortalDomainChallengeResolvers<ContextType>;
  PortalFeatures?: PortalFeaturesResolvers<ContextType>;
  PortalSettings?: PortalSettingsResolvers<ContextType>;
  PsaLink?: PsaLinkResolvers<ContextType>;
  PsaProject?: PsaProjectResolvers<ContextType>;
  PsaProjectRequest?: PsaProjectRequestResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RevenuePeriod?: RevenuePeriodResolvers<ContextType>;
  VoiceCall?: VoiceCallResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = IntegrationsContext> = ResolversObject<{
  requiresAuthentication?: RequiresAuthenticationDirectiveResolver<any, any, ContextType>;
  requiresPermissions?: RequiresPermissionsDirectiveResolver<any, any, ContextType>;
}>;
