/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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

/** Whether a deal is still being worked. */
export type DealStatus =
  /** Closed lost. */
  | 'LOST'
  /** Being worked. */
  | 'OPEN'
  /** Closed won. */
  | 'WON';

/** How much risk a health score signals. */
export type HealthRisk =
  /** Score below 40. */
  | 'HIGH'
  /** Score 70 or above. */
  | 'LOW'
  /** Score 40 to 69. */
  | 'MEDIUM';

/** What reaching a stage means. */
export type StageKind =
  /** Reaching it loses the deal. */
  | 'LOST'
  /** The deal is still being worked. */
  | 'OPEN'
  /** Reaching it wins the deal. */
  | 'WON';

export type CompanyActivitySubscriptionVariables = Exact<{
  companyId: string | number;
}>;


export type CompanyActivitySubscription = { companyActivity: { id: string, type: ActivityType, summary: string, company: { id: string, name: string, psa: { linked: boolean } } } };

export type CompanyOverviewQueryVariables = Exact<{
  id: string | number;
}>;


export type CompanyOverviewQuery = { company: { id: string, name: string, deals: Array<{ id: string, title: string, value: string }>, psa: { linked: boolean, openTickets: number } } | null };

export type WidgetCompanyFragment = { id: string, name: string, health: { score: number, risk: HealthRisk } | null };

export type WidgetDealFragment = { id: string, title: string, value: string, currency: string, probability: number, weightedValue: string, status: DealStatus, expectedCloseDate: string | null, version: number, pipelineStage: { id: string, name: string }, pipeline: { id: string, name: string, stages: Array<{ id: string, name: string, position: number, kind: StageKind }> }, company: { id: string, name: string, health: { score: number, risk: HealthRisk } | null } };

export type WidgetPipelineQueryVariables = Exact<{
  companyId: string | number;
}>;


export type WidgetPipelineQuery = { pipelineSummary: { company: { id: string, name: string, health: { score: number, risk: HealthRisk } | null }, openDeals: Array<{ id: string, title: string, value: string, currency: string, probability: number, weightedValue: string, status: DealStatus, expectedCloseDate: string | null, version: number, pipelineStage: { id: string, name: string }, pipeline: { id: string, name: string, stages: Array<{ id: string, name: string, position: number, kind: StageKind }> }, company: { id: string, name: string, health: { score: number, risk: HealthRisk } | null } }> } | null };

export type WidgetPipelineUpdatedSubscriptionVariables = Exact<{
  companyId: string | number;
}>;


export type WidgetPipelineUpdatedSubscription = { pipelineUpdated: { id: string, title: string, value: string, currency: string, probability: number, weightedValue: string, status: DealStatus, expectedCloseDate: string | null, version: number, pipelineStage: { id: string, name: string }, pipeline: { id: string, name: string, stages: Array<{ id: string, name: string, position: number, kind: StageKind }> }, company: { id: string, name: string, health: { score: number, risk: HealthRisk } | null } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const WidgetCompanyFragmentDoc = new TypedDocumentString(`
    fragment WidgetCompany on Company {
  id
  name
  health {
    score
    risk
  }
}
    `, {"fragmentName":"WidgetCompany"}) as unknown as TypedDocumentString<WidgetCompanyFragment, unknown>;
export const WidgetDealFragmentDoc = new TypedDocumentString(`
    fragment WidgetDeal on Deal {
  id
  title
  value
  currency
  probability
  weightedValue
  status
  expectedCloseDate
  version
  pipelineStage {
    id
    name
  }
  pipeline {
    id
    name
    stages {
      id
      name
      position
      kind
    }
  }
  company {
    ...WidgetCompany
  }
}
    fragment WidgetCompany on Company {
  id
  name
  health {
    score
    risk
  }
}`, {"fragmentName":"WidgetDeal"}) as unknown as TypedDocumentString<WidgetDealFragment, unknown>;
export const CompanyActivityDocument = new TypedDocumentString(`
    subscription CompanyActivity($companyId: ID!) {
  companyActivity(companyId: $companyId) {
    id
    type
    summary
    company {
      id
      name
      psa {
        linked
      }
    }
  }
}
    `, {"hash":"3e991c06b91f68f45fcb18107011a19c111c9322b1f56dcb6f8423bbcdc91df0"}) as unknown as TypedDocumentString<CompanyActivitySubscription, CompanyActivitySubscriptionVariables>;
export const CompanyOverviewDocument = new TypedDocumentString(`
    query CompanyOverview($id: ID!) {
  company(id: $id) {
    id
    name
    deals {
      id
      title
      value
    }
    psa {
      linked
      openTickets
    }
  }
}
    `, {"hash":"8366145cf4736b4fbb94021a5cf6cb974e17c41ddd9c04d65f84f6376e0d33ac"}) as unknown as TypedDocumentString<CompanyOverviewQuery, CompanyOverviewQueryVariables>;
export const WidgetPipelineDocument = new TypedDocumentString(`
    query WidgetPipeline($companyId: ID!) {
  pipelineSummary(companyId: $companyId) {
    company {
      ...WidgetCompany
    }
    openDeals {
      ...WidgetDeal
    }
  }
}
    fragment WidgetCompany on Company {
  id
  name
  health {
    score
    risk
  }
}
fragment WidgetDeal on Deal {
  id
  title
  value
  currency
  probability
  weightedValue
  status
  expectedCloseDate
  version
  pipelineStage {
    id
    name
  }
  pipeline {
    id
    name
    stages {
      id
      name
      position
      kind
    }
  }
  company {
    ...WidgetCompany
  }
}`, {"hash":"af92945b991dd91d6d751f185137e1c43abf2f0342d810c5cf4fe80ba41cfb3c"}) as unknown as TypedDocumentString<WidgetPipelineQuery, WidgetPipelineQueryVariables>;
export const WidgetPipelineUpdatedDocument = new TypedDocumentString(`
    subscription WidgetPipelineUpdated($companyId: ID!) {
  pipelineUpdated(companyId: $companyId) {
    ...WidgetDeal
  }
}
    fragment WidgetCompany on Company {
  id
  name
  health {
    score
    risk
  }
}
fragment WidgetDeal on Deal {
  id
  title
  value
  currency
  probability
  weightedValue
  status
  expectedCloseDate
  version
  pipelineStage {
    id
    name
  }
  pipeline {
    id
    name
    stages {
      id
      name
      position
      kind
    }
  }
  company {
    ...WidgetCompany
  }
}`, {"hash":"ebd3613253daded70c37804a9c325a1dbe23d45ed9c9d800430e238ae80e0fde"}) as unknown as TypedDocumentString<WidgetPipelineUpdatedSubscription, WidgetPipelineUpdatedSubscriptionVariables>;