import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PsaLinkRow } from '../store/rows.ts';
import type { PsaProjectRow } from '../store/psa-projects.ts';
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
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * The integrations subgraph adds what the other products of The One Stack
 * know about a CRM company.
 */
export type Company = {
  __typename?: 'Company';
  id: Scalars['ID']['output'];
  /** The company's PSA client, as PSA's events report it. */
  psa: PsaLink;
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
  id: Scalars['ID']['output'];
  /** The PSA project opened for the won deal; null until PSA opened one (or when none was requested). */
  psaProject: Maybe<PsaProject>;
};

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
};


export type MutationCreateIntegrationKeyArgs = {
  input: CreateIntegrationKeyInput;
};


export type MutationRevokeIntegrationKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRotateIntegrationKeyArgs = {
  id: Scalars['ID']['input'];
  overlapSeconds?: InputMaybe<Scalars['Int']['input']>;
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

export type Query = {
  __typename?: 'Query';
  /**
   * The organisation's integration keys, newest first, in every status
   * (active, rotating, expired, revoked). Secrets are never listed: only the
   * public prefix. Owner and Admin only (FORBIDDEN otherwise).
   */
  integrationKeys: Array<IntegrationKey>;
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
  Deal: Deal;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Company:
    ( { __typename: 'Company' }
    & GraphQLRecursivePick<FederationTypes['Company'], {"id":true}> );
  Deal:
    ( { __typename: 'Deal' }
    & GraphQLRecursivePick<FederationTypes['Deal'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Company: ResolverTypeWrapper<Omit<Company, 'psa'> & { psa: ResolversTypes['PsaLink'] }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CreateIntegrationKeyInput: CreateIntegrationKeyInput;
  CreatedIntegrationKey: ResolverTypeWrapper<CreatedIntegrationKey>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<Omit<Deal, 'psaProject'> & { psaProject?: Maybe<ResolversTypes['PsaProject']> }>;
  IntegrationKey: ResolverTypeWrapper<IntegrationKey>;
  IntegrationKeyFormat: IntegrationKeyFormat;
  IntegrationKeyStatus: IntegrationKeyStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  PsaLink: ResolverTypeWrapper<PsaLinkRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PsaProject: ResolverTypeWrapper<PsaProjectRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Company: Omit<Company, 'psa'> & { psa: ResolversParentTypes['PsaLink'] } | FederationReferenceTypes['Company'];
  ID: Scalars['ID']['output'];
  CreateIntegrationKeyInput: CreateIntegrationKeyInput;
  CreatedIntegrationKey: CreatedIntegrationKey;
  DateTime: Scalars['DateTime']['output'];
  Deal: Omit<Deal, 'psaProject'> & { psaProject?: Maybe<ResolversParentTypes['PsaProject']> } | FederationReferenceTypes['Deal'];
  IntegrationKey: IntegrationKey;
  Mutation: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  PsaLink: PsaLinkRow;
  Boolean: Scalars['Boolean']['output'];
  PsaProject: PsaProjectRow;
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
}>;

export type RequiresAuthenticationDirectiveArgs = { };

export type RequiresAuthenticationDirectiveResolver<Result, Parent, ContextType = IntegrationsContext, Args = RequiresAuthenticationDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type RequiresPermissionsDirectiveArgs = {
  anyOf: Array<Array<Scalars['String']['input']>>;
};

export type RequiresPermissionsDirectiveResolver<Result, Parent, ContextType = IntegrationsContext, Args = RequiresPermissionsDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CompanyResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company'], FederationReferenceType extends FederationReferenceTypes['Company'] = FederationReferenceTypes['Company']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Company']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  psa?: Resolver<ResolversTypes['PsaLink'], ParentType, ContextType>;
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
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  psaProject?: Resolver<Maybe<ResolversTypes['PsaProject']>, ParentType, ContextType>;
}>;

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

export type MutationResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createIntegrationKey?: Resolver<ResolversTypes['CreatedIntegrationKey'], ParentType, ContextType, RequireFields<MutationCreateIntegrationKeyArgs, 'input'>>;
  revokeIntegrationKey?: Resolver<ResolversTypes['IntegrationKey'], ParentType, ContextType, RequireFields<MutationRevokeIntegrationKeyArgs, 'id'>>;
  rotateIntegrationKey?: Resolver<ResolversTypes['CreatedIntegrationKey'], ParentType, ContextType, RequireFields<MutationRotateIntegrationKeyArgs, 'id' | 'overlapSeconds'>>;
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

export type QueryResolvers<ContextType = IntegrationsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  integrationKeys?: Resolver<Array<ResolversTypes['IntegrationKey']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = IntegrationsContext> = ResolversObject<{
  Company?: CompanyResolvers<ContextType>;
  CreatedIntegrationKey?: CreatedIntegrationKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  IntegrationKey?: IntegrationKeyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PsaLink?: PsaLinkResolvers<ContextType>;
  PsaProject?: PsaProjectResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = IntegrationsContext> = ResolversObject<{
  requiresAuthentication?: RequiresAuthenticationDirectiveResolver<any, any, ContextType>;
  requiresPermissions?: RequiresPermissionsDirectiveResolver<any, any, ContextType>;
}>;
