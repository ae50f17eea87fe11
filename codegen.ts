import type { CodegenConfig } from '@graphql-codegen/cli';
import { clientGenerates } from './packages/client/codegen.ts';

/**
 * Typed resolvers for each subgraph (federation-aware, with mappers from
 * GraphQL types to the row types the stores return) and typed operations
 * for the gateway's tests. `npm run codegen` writes them; `npm test` fails
 * when the committed output is stale (`codegen:check`).
 */
const scalars = {
  DateTime: { input: 'string', output: 'Date | string' },
  Date: { input: 'string', output: 'string' },
  Decimal: { input: 'string', output: 'string' },
};
const resolverConfig = {
  federation: true,
  useIndexSignature: true,
  useTypeImports: true,
  enumsAsTypes: true,
  defaultScalarType: 'unknown',
  scalars,
  avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
};

const config: CodegenConfig = {
  overwrite: true,
  hooks: { afterOneFileWrite: [] },
  generates: {
    'subgraphs/crm/src/generated/resolvers-types.ts': {
      schema: 'schema/subgraphs/crm.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...resolverConfig,
        contextType: '../core/context.ts#CrmContext',
        mappers: {
          Company: '../core/rows.ts#CompanyRow',
          Contact: '../core/rows.ts#ContactRow',
          Deal: '../core/rows.ts#DealRow',
          Activity: '../core/rows.ts#ActivityRow',
          Pipeline: '../core/rows.ts#PipelineRow',
          PipelineStage: '../core/rows.ts#StageRow',
          StageColumn: '../core/rows.ts#StageColumnRow',
          LineItem: '../core/rows.ts#LineItemRow',
          DealStageChange: '../core/rows.ts#StageChangeRow',
          CompanyStatusChange: '../core/rows.ts#StatusChangeRow',
          HealthScore: '../core/rows.ts#HealthRow',
          Quote: '../core/rows.ts#QuoteRow',
          EsignDocument: '../core/rows.ts#EsignRow',
          PipelineSummary: '../core/rows.ts#PipelineSummaryRow',
          UnmatchedCall: '../core/rows.ts#VoiceCallRow',
          Mailbox: '../core/rows.ts#MailboxRow',
          CampaignSendResult: '../features/m365/campaign.ts#CampaignSendRow',
          CampaignSkippedRecipient: '../features/m365/campaign.ts#SkippedRecipientRow',
          ParkedEvent: '../features/failed-events/store.ts#ParkedEventRow',
        },
      },
    },
    'subgraphs/integrations/src/generated/resolvers-types.ts': {
      schema: 'schema/subgraphs/integrations.graphql',
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        ...resolverConfig,
        contextType: '../context.ts#IntegrationsContext',
        mappers: {
          PsaLink: '../features/psa/store.ts#PsaLinkRow',
          PsaProject: '../features/psa/projects-store.ts#PsaProjectRow',
          PsaProjectRequest: '../features/psa/project-requests-store.ts#PsaProjectRequestRow',
          IntegrationsFailedEvent: '@onegraph/consumers#FailedEvent',
          PortalSettings: '../features/portal/store.ts#PortalSettingsRow',
          ContactCalls: '../features/voice/store.ts#ContactCallsRow',
          VoiceCall: '../features/voice/store.ts#VoiceCallRow',
          PortalAccess: '../features/portal/store.ts#PortalAccessRow',
          BooksBillingSetup: '../features/books/store.ts#BillingSetupRow',
          BooksBillingAmendment: '../features/books/store.ts#BillingAmendment',
        },
      },
    },
    'gateway/test/generated/operations.ts': {
      schema: 'schema/supergraph.graphql',
      documents: 'gateway/test/operations/*.graphql',
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Date: 'string', Decimal: 'string' } },
    },
    // The end-to-end tests' operations, typed the same way: a test that reads
    // a field the schema no longer has fails to compile.
    'test/e2e/generated/operations.ts': {
      schema: 'schema/supergraph.graphql',
      documents: 'test/e2e/operations/*.graphql',
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Decimal takes a number as well as a string on input (the scalar's description).
        scalars: { DateTime: 'string', Date: 'string', Decimal: { input: 'string | number', output: 'string' } },
      },
    },
    // @onegraph/client's typed documents and persisted-documents manifest (the PSA widget uses them)
    ...clientGenerates,
  },
};

export default config;
