import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CompanyRow, ContactRow, DealRow, ActivityRow } from '../store/rows.ts';
import type { CrmContext } from '../context.ts';
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

/** One entry of a timeline. */
export type Activity = {
  __typename?: 'Activity';
  company: Company;
  contact: Maybe<Contact>;
  deal: Maybe<Deal>;
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  /** The product the activity came from. */
  source: SourceProduct;
  /** A one-line description, as shown on the timeline. */
  summary: Scalars['String']['output'];
  type: ActivityType;
};

/** A page of timeline entries (Relay connection). */
export type ActivityConnection = {
  __typename?: 'ActivityConnection';
  edges: Array<ActivityEdge>;
  pageInfo: PageInfo;
};

export type ActivityEdge = {
  __typename?: 'ActivityEdge';
  cursor: Scalars['String']['output'];
  node: Activity;
};

export type ActivityType =
  | 'CALL'
  | 'EMAIL'
  | 'ESIGN'
  | 'MEETING'
  | 'NOTE'
  | 'QUOTE'
  | 'STAGE_CHANGE'
  | 'TASK'
  | 'TICKET';

/** A customer or prospect organisation of the MSP. */
export type Company = {
  __typename?: 'Company';
  /** The company's timeline, newest first. */
  activities: ActivityConnection;
  /** The people who work there, primary contact first. */
  contacts: Array<Contact>;
  createdAt: Scalars['DateTime']['output'];
  /** Deals with this company, newest first. */
  deals: Array<Deal>;
  /** The primary web domain, used to match incoming email. */
  domain: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Phone number in E.164 form. */
  phone: Maybe<Scalars['String']['output']>;
  status: CompanyStatus;
  updatedAt: Scalars['DateTime']['output'];
};


/** A customer or prospect organisation of the MSP. */
export type CompanyActivitiesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of companies (Relay connection). */
export type CompanyConnection = {
  __typename?: 'CompanyConnection';
  edges: Array<CompanyEdge>;
  pageInfo: PageInfo;
};

export type CompanyEdge = {
  __typename?: 'CompanyEdge';
  cursor: Scalars['String']['output'];
  node: Company;
};

/** Where a company stands with the MSP. */
export type CompanyStatus =
  | 'ACTIVE'
  | 'CHURNED'
  | 'CUSTOMER'
  | 'INACTIVE'
  | 'LEAD'
  | 'PROSPECT'
  | 'SUSPENDED';

/** A person at a company. */
export type Contact = {
  __typename?: 'Contact';
  company: Company;
  email: Maybe<Scalars['String']['output']>;
  firstName: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Whether this is the company's primary contact. */
  isPrimary: Scalars['Boolean']['output'];
  lastName: Scalars['String']['output'];
  /** First and last name. */
  name: Scalars['String']['output'];
  /** Phone number in E.164 form. */
  phone: Maybe<Scalars['String']['output']>;
  title: Maybe<Scalars['String']['output']>;
};

/** A sales opportunity. */
export type Deal = {
  __typename?: 'Deal';
  company: Company;
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The pipeline stage the deal is in. */
  stage: Scalars['String']['output'];
  status: DealStatus;
  title: Scalars['String']['output'];
  /** Deal value in `currency`, in major units (e.g. 1200.50). */
  value: Scalars['Float']['output'];
};

export type DealStatus =
  | 'LOST'
  | 'OPEN'
  | 'WON';

/** Relay page information. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type Query = {
  __typename?: 'Query';
  /** One timeline entry, or null. */
  activity: Maybe<Activity>;
  /** The organisation's companies, by name then id, a page at a time. */
  companies: CompanyConnection;
  /** One company of the caller's organisation, or null when there is none with this id. */
  company: Maybe<Company>;
  /** One contact, or null. */
  contact: Maybe<Contact>;
  /** One deal, or null. */
  deal: Maybe<Deal>;
};


/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type QueryActivityArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type QueryCompaniesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type QueryCompanyArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type QueryContactArgs = {
  id: Scalars['ID']['input'];
};


/**
 * The CRM: companies, their contacts, deals and activity timelines. Every
 * field is scoped to the caller's organisation: ids of another organisation's
 * records resolve to nothing.
 */
export type QueryDealArgs = {
  id: Scalars['ID']['input'];
};

/** A product of The One Stack. */
export type SourceProduct =
  | 'BOOKS'
  | 'CRM'
  | 'M365'
  | 'PORTAL'
  | 'PSA'
  | 'VOICE';

/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Activities logged on one company's timeline (notes, calls, tickets from PSA,
   * ...), as they happen. Filters on: the caller's organisation and `companyId`.
   */
  companyActivity: Activity;
};


/**
 * Live updates, over graphql-ws on the gateway's `/graphql` path. Each event is
 * delivered only to subscribers of the organisation it belongs to.
 */
export type SubscriptionCompanyActivityArgs = {
  companyId: Scalars['ID']['input'];
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
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Activity: ResolverTypeWrapper<ActivityRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ActivityConnection: ResolverTypeWrapper<Omit<ActivityConnection, 'edges'> & { edges: Array<ResolversTypes['ActivityEdge']> }>;
  ActivityEdge: ResolverTypeWrapper<Omit<ActivityEdge, 'node'> & { node: ResolversTypes['Activity'] }>;
  ActivityType: ActivityType;
  Company: ResolverTypeWrapper<CompanyRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CompanyConnection: ResolverTypeWrapper<Omit<CompanyConnection, 'edges'> & { edges: Array<ResolversTypes['CompanyEdge']> }>;
  CompanyEdge: ResolverTypeWrapper<Omit<CompanyEdge, 'node'> & { node: ResolversTypes['Company'] }>;
  CompanyStatus: CompanyStatus;
  Contact: ResolverTypeWrapper<ContactRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Deal: ResolverTypeWrapper<DealRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  DealStatus: DealStatus;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SourceProduct: SourceProduct;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Activity: ActivityRow;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  ActivityConnection: Omit<ActivityConnection, 'edges'> & { edges: Array<ResolversParentTypes['ActivityEdge']> };
  ActivityEdge: Omit<ActivityEdge, 'node'> & { node: ResolversParentTypes['Activity'] };
  Company: CompanyRow;
  Int: Scalars['Int']['output'];
  CompanyConnection: Omit<CompanyConnection, 'edges'> & { edges: Array<ResolversParentTypes['CompanyEdge']> };
  CompanyEdge: Omit<CompanyEdge, 'node'> & { node: ResolversParentTypes['Company'] };
  Contact: ContactRow;
  Boolean: Scalars['Boolean']['output'];
  DateTime: Scalars['DateTime']['output'];
  Deal: DealRow;
  Float: Scalars['Float']['output'];
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
}>;

export type ActivityResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Activity'] = ResolversParentTypes['Activity'], FederationReferenceType extends FederationReferenceTypes['Activity'] = FederationReferenceTypes['Activity']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Activity']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
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

export type CompanyResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company'], FederationReferenceType extends FederationReferenceTypes['Company'] = FederationReferenceTypes['Company']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Company']> | FederationReferenceType, FederationReferenceType, ContextType>;
  activities?: Resolver<ResolversTypes['ActivityConnection'], ParentType, ContextType, RequireFields<CompanyActivitiesArgs, 'first'>>;
  contacts?: Resolver<Array<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deals?: Resolver<Array<ResolversTypes['Deal']>, ParentType, ContextType>;
  domain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CompanyStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type CompanyConnectionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CompanyConnection'] = ResolversParentTypes['CompanyConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CompanyEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type CompanyEdgeResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['CompanyEdge'] = ResolversParentTypes['CompanyEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
}>;

export type ContactResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact'], FederationReferenceType extends FederationReferenceTypes['Contact'] = FederationReferenceTypes['Contact']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Contact']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  firstName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isPrimary?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DealResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Deal'] = ResolversParentTypes['Deal'], FederationReferenceType extends FederationReferenceTypes['Deal'] = FederationReferenceTypes['Deal']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Deal']> | FederationReferenceType, FederationReferenceType, ContextType>;
  company?: Resolver<ResolversTypes['Company'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DealStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  activity?: Resolver<Maybe<ResolversTypes['Activity']>, ParentType, ContextType, RequireFields<QueryActivityArgs, 'id'>>;
  companies?: Resolver<ResolversTypes['CompanyConnection'], ParentType, ContextType, RequireFields<QueryCompaniesArgs, 'first'>>;
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType, RequireFields<QueryCompanyArgs, 'id'>>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType, RequireFields<QueryContactArgs, 'id'>>;
  deal?: Resolver<Maybe<ResolversTypes['Deal']>, ParentType, ContextType, RequireFields<QueryDealArgs, 'id'>>;
}>;

export type SubscriptionResolvers<ContextType = CrmContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  companyActivity?: SubscriptionResolver<ResolversTypes['Activity'], "companyActivity", ParentType, ContextType, RequireFields<SubscriptionCompanyActivityArgs, 'companyId'>>;
}>;

export type Resolvers<ContextType = CrmContext> = ResolversObject<{
  Activity?: ActivityResolvers<ContextType>;
  ActivityConnection?: ActivityConnectionResolvers<ContextType>;
  ActivityEdge?: ActivityEdgeResolvers<ContextType>;
  Company?: CompanyResolvers<ContextType>;
  CompanyConnection?: CompanyConnectionResolvers<ContextType>;
  CompanyEdge?: CompanyEdgeResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Deal?: DealResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

