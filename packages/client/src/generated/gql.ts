/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "subscription CompanyActivity($companyId: ID!) {\n  companyActivity(companyId: $companyId) {\n    id\n    type\n    summary\n    company {\n      id\n      name\n      psa {\n        linked\n      }\n    }\n  }\n}\n\nquery CompanyOverview($id: ID!) {\n  company(id: $id) {\n    id\n    name\n    deals {\n      id\n      title\n      value\n    }\n    psa {\n      linked\n      openTickets\n    }\n  }\n}": typeof types.CompanyActivityDocument,
    "fragment WidgetCompany on Company {\n  id\n  name\n  health {\n    score\n    risk\n  }\n}\n\nfragment WidgetDeal on Deal {\n  id\n  title\n  value\n  currency\n  probability\n  weightedValue\n  status\n  expectedCloseDate\n  version\n  pipelineStage {\n    id\n    name\n  }\n  pipeline {\n    id\n    name\n    stages {\n      id\n      name\n      position\n      kind\n    }\n  }\n  company {\n    ...WidgetCompany\n  }\n}\n\nquery WidgetPipeline($companyId: ID!) {\n  pipelineSummary(companyId: $companyId) {\n    company {\n      ...WidgetCompany\n    }\n    openDeals {\n      ...WidgetDeal\n    }\n  }\n}\n\nsubscription WidgetPipelineUpdated($companyId: ID!) {\n  pipelineUpdated(companyId: $companyId) {\n    ...WidgetDeal\n  }\n}": typeof types.WidgetCompanyFragmentDoc,
};
const documents: Documents = {
    "subscription CompanyActivity($companyId: ID!) {\n  companyActivity(companyId: $companyId) {\n    id\n    type\n    summary\n    company {\n      id\n      name\n      psa {\n        linked\n      }\n    }\n  }\n}\n\nquery CompanyOverview($id: ID!) {\n  company(id: $id) {\n    id\n    name\n    deals {\n      id\n      title\n      value\n    }\n    psa {\n      linked\n      openTickets\n    }\n  }\n}": types.CompanyActivityDocument,
    "fragment WidgetCompany on Company {\n  id\n  name\n  health {\n    score\n    risk\n  }\n}\n\nfragment WidgetDeal on Deal {\n  id\n  title\n  value\n  currency\n  probability\n  weightedValue\n  status\n  expectedCloseDate\n  version\n  pipelineStage {\n    id\n    name\n  }\n  pipeline {\n    id\n    name\n    stages {\n      id\n      name\n      position\n      kind\n    }\n  }\n  company {\n    ...WidgetCompany\n  }\n}\n\nquery WidgetPipeline($companyId: ID!) {\n  pipelineSummary(companyId: $companyId) {\n    company {\n      ...WidgetCompany\n    }\n    openDeals {\n      ...WidgetDeal\n    }\n  }\n}\n\nsubscription WidgetPipelineUpdated($companyId: ID!) {\n  pipelineUpdated(companyId: $companyId) {\n    ...WidgetDeal\n  }\n}": types.WidgetCompanyFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription CompanyActivity($companyId: ID!) {\n  companyActivity(companyId: $companyId) {\n    id\n    type\n    summary\n    company {\n      id\n      name\n      psa {\n        linked\n      }\n    }\n  }\n}\n\nquery CompanyOverview($id: ID!) {\n  company(id: $id) {\n    id\n    name\n    deals {\n      id\n      title\n      value\n    }\n    psa {\n      linked\n      openTickets\n    }\n  }\n}"): typeof import('./graphql.ts').CompanyActivityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment WidgetCompany on Company {\n  id\n  name\n  health {\n    score\n    risk\n  }\n}\n\nfragment WidgetDeal on Deal {\n  id\n  title\n  value\n  currency\n  probability\n  weightedValue\n  status\n  expectedCloseDate\n  version\n  pipelineStage {\n    id\n    name\n  }\n  pipeline {\n    id\n    name\n    stages {\n      id\n      name\n      position\n      kind\n    }\n  }\n  company {\n    ...WidgetCompany\n  }\n}\n\nquery WidgetPipeline($companyId: ID!) {\n  pipelineSummary(companyId: $companyId) {\n    company {\n      ...WidgetCompany\n    }\n    openDeals {\n      ...WidgetDeal\n    }\n  }\n}\n\nsubscription WidgetPipelineUpdated($companyId: ID!) {\n  pipelineUpdated(companyId: $companyId) {\n    ...WidgetDeal\n  }\n}"): typeof import('./graphql.ts').WidgetCompanyFragmentDoc;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
