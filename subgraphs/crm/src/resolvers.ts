import type { Resolvers } from './generated/resolvers-types.ts';
import { Activity } from './features/timeline/resolvers.ts';
import { Company } from './features/companies/resolvers.ts';
import { Contact } from './features/contacts/resolvers.ts';
import { Deal, DealStageChange, LineItem } from './features/deals/deal-resolvers.ts';
import { EsignDocument } from './features/esign/resolvers.ts';
import { CompanyStatusChange, HealthScore } from './features/health/resolvers.ts';
import { Mailbox } from './features/m365/resolvers.ts';
import { Mutation } from './resolvers/Mutation.ts';
import { ParkedEvent } from './consumers/parked-resolvers.ts';
import { Pipeline, PipelineStage, StageColumn } from './features/deals/pipeline-resolvers.ts';
import { PipelineSummary } from './features/deals/summary-resolvers.ts';
import { Query } from './resolvers/Query.ts';
import { portalUrlOf } from './features/portal/commands.ts';
import { Quote } from './features/quotes/resolvers.ts';
import { RevenuePeriod } from './features/revenue/resolvers.ts';
import { DateScalar, DateTime, Decimal } from './scalars.ts';
import { Subscription } from './subscriptions.ts';
import { UnmatchedCall } from './features/voice/resolvers.ts';

export const resolvers: Resolvers = {
  DateTime,
  Date: DateScalar,
  Decimal,
  Query,
  Mutation,
  Subscription,
  Company,
  CompanyStatusChange,
  HealthScore,
  Contact,
  Pipeline,
  PipelineStage,
  StageColumn,
  PipelineSummary,
  Deal,
  DealStageChange,
  LineItem,
  Activity,
  Quote: { ...Quote, portalUrl: portalUrlOf },
  EsignDocument: { ...EsignDocument, portalUrl: portalUrlOf },
  RevenuePeriod,
  UnmatchedCall,
  Mailbox,
  ParkedEvent,
};
