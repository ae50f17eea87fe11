import type { ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import type { FormattedExecutionResult } from 'graphql';

/**
 * The live resources: a company's activity timeline and a pipeline. Each
 * is read with the caller's identity (another organisation's id reads as
 * not found), and watched on the gateway's subscription path: the field
 * whose events change it, and the routing key of its id.
 */
export interface LiveResource {
  uri: string;
  /** What reads it, with `$id`. */
  query: string;
  /** Its data, or undefined when the caller has no such record. */
  contents(result: FormattedExecutionResult): unknown;
  field: string;
  key: string;
}

export const resourceTemplates: ResourceTemplate[] = [
  {
    uriTemplate: 'onegraph://company/{id}/activity',
    name: 'company-activity',
    title: "A company's activity timeline",
    description: 'The newest 20 timeline entries of a company (calls, emails, tickets, notes, deal changes); subscribe to be told when one is added.',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'onegraph://pipeline/{id}',
    name: 'pipeline',
    title: 'A pipeline board',
    description: "A pipeline's stages with their open deals' count and value; subscribe to be told when a deal of it changes.",
    mimeType: 'application/json',
  },
];

const companyActivity = `query companyActivityResource($id: ID!) {
  company(id: $id) {
    id
    name
    activities(first: 20) { edges { node { id type summary occurredAt source contact { id name } deal { id title } } } }
  }
}`;

const pipelineBoard = `query pipelineResource($id: ID!) {
  pipeline(id: $id) {
    id
    name
    currency
    board { stage { id name probability } count totalValue weightedValue }
  }
}`;

/** The resource a URI names, or undefined when it names none. */
export function liveResource(uri: string): LiveResource | undefined {
  const company = /^onegraph:\/\/company\/([^/?#]+)\/activity$/.exec(uri);
  if (company) {
    const id = decodeURIComponent(company[1]!);
    return { uri, query: companyActivity, contents: (r) => r.data?.['company'] ?? undefined, field: 'companyActivity', key: id };
  }
  const pipeline = /^onegraph:\/\/pipeline\/([^/?#]+)$/.exec(uri);
  if (pipeline) {
    const id = decodeURIComponent(pipeline[1]!);
    // the pipelineUpdated field's key for "this pipeline, any company"
    return { uri, query: pipelineBoard, contents: (r) => r.data?.['pipeline'] ?? undefined, field: 'pipelineUpdated', key: `${id}|*` };
  }
  return undefined;
}

/** The id a resource URI names (for the query's `$id`). */
export const resourceId = (resource: LiveResource) => (resource.field === 'pipelineUpdated' ? resource.key.slice(0, -2) : resource.key);
