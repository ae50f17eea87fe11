import type { Resolvers } from '../generated/resolvers-types.ts';
import { Activity } from './Activity.ts';
import { Company } from './Company.ts';
import { Contact } from './Contact.ts';
import { Deal, DealStageChange, LineItem } from './Deal.ts';
import { EsignDocument } from './EsignDocument.ts';
import { CompanyStatusChange, HealthScore } from './HealthScore.ts';
import { Mailbox } from './Mailbox.ts';
import { Mutation } from './Mutation.ts';
import { ParkedEvent } from './ParkedEvent.ts';
import { Pipeline, PipelineStage, StageColumn } from './Pipeline.ts';
import { PipelineSummary } from './PipelineSummary.ts';
import { Query } from './Query.ts';
import { portalUrlOf } from '../mutations/portal.ts';
import { Quote } from './Quote.ts';
import { RevenuePeriod } from './RevenuePeriod.ts';
import { DateScalar, DateTime, Decimal } from './scalars.ts';
import { Subscription } from './Subscription.ts';
import { UnmatchedCall } from './UnmatchedCall.ts';

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
