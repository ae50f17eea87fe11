import type { Resolvers } from '../generated/resolvers-types.ts';
import { Activity } from './Activity.ts';
import { Company } from './Company.ts';
import { Contact } from './Contact.ts';
import { Deal } from './Deal.ts';
import { Query } from './Query.ts';
import { DateTime } from './scalars.ts';
import { Subscription } from './Subscription.ts';

export const resolvers: Resolvers = { DateTime, Query, Subscription, Company, Contact, Deal, Activity };
