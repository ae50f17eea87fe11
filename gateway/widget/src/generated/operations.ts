/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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
}`) as unknown as TypedDocumentString<WidgetPipelineQuery, WidgetPipelineQueryVariables>;
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
}`) as unknown as TypedDocumentString<WidgetPipelineUpdatedSubscription, WidgetPipelineUpdatedSubscriptionVariables>;