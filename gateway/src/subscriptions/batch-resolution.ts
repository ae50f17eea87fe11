import {
  Kind,
  OperationTypeNode,
  print,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { ErrorCode } from '@onegraph/errors';
import type { Payload } from './protocol.ts';

/**
 * An entity query (`query (…, $__entityId: ID!) { key: entity(id: $__entityId) { … } }`)
 * rewritten to load `size` entities at once: `e0: entity(id: $__e0) { … } e1: …`,
 * the same selection under each alias, fragments once.
 */
export function batchQuery(entityDocument: DocumentNode, size: number): string {
  const [operation, ...fragments] = entityDocument.definitions as [OperationDefinitionNode, ...DocumentNode['definitions']];
  const field = operation.selectionSet.selections[0] as FieldNode;
  const clientVariables = (operation.variableDefinitions ?? []).slice(0, -1); // the last one is $__entityId
  const idVariable = (i: number): VariableDefinitionNode => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `__e${i}` } },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
  });
  const fields: FieldNode[] = Array.from({ length: size }, (_, i) => ({
    ...field,
    alias: { kind: Kind.NAME, value: `e${i}` },
    arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `__e${i}` } } }],
  }));
  const batch: OperationDefinitionNode = {
    ...operation,
    operation: OperationTypeNode.QUERY,
    variableDefinitions: [...clientVariables, ...Array.from({ length: size }, (_, i) => idVariable(i))],
    selectionSet: { kind: Kind.SELECTION_SET, selections: fields },
  };
  return print({ kind: Kind.DOCUMENT, definitions: [batch, ...fragments] });
}

/** What one batch of a selection needs to run. */
export interface BatchTemplate {
  /** The batch query text for a size (printed on first use). */
  query(size: number): string;
  operationName: string | undefined;
  /** The root field's response key in the subscriber's payloads. */
  responseKey: string;
  /** The largest batch that ran within the operation limits so far (it only shrinks). */
  maxSize: number;
}

type Run = (query: string, variables: Record<string, unknown>, operationName: string | undefined) => Promise<Payload>;

interface Pending {
  entityId: string;
  resolve(payload: Payload): void;
  reject(error: unknown): void;
}

interface Group {
  template: BatchTemplate;
  variables: Record<string, unknown>;
  run: Run;
  pending: Pending[];
  /** Batches of the group running now. */
  running: number;
}

/**
 * Resolves the entities of events that arrive together in one operation per
 * selection and scope, instead of one per event: a burst of N events for
 * one widget costs one pass through the gateway and one request per
 * subgraph, not N.
 *
 * When a group's events are sent: at the end of the current I/O turn
 * (`setImmediate`, so the events of one Kafka fetch go together), unless one
 * of the group's batches is still running; the events that arrive
 * meanwhile then wait for it to end and go together in the next batch. So
 * an idle gateway adds no delay, and a busy one sends fewer, fuller batches
 * (each costs the gateway and the subgraphs about as much as one event
 * alone). A full batch (`maxSize`) is always sent at once.
 *
 * A batch larger than the caller's operation limits (aliases, cost) is
 * refused as a whole: the template then halves its size for good and the
 * events are resolved again in smaller batches, down to one.
 */
export class BatchResolver {
  private readonly groups = new Map<string, Group>();
  private scheduled = false;
  /** Batches run and the events they resolved, since the start. */
  readonly stats = { batches: 0, events: 0 };

  /** The payload of one entity, for subscribers sharing `groupKey` (same selection, variables and scope). */
  resolve(groupKey: string, template: BatchTemplate, variables: Record<string, unknown>, run: Run, entityId: string): Promise<Payload> {
    return new Promise((resolve, reject) => {
      let group = this.groups.get(groupKey);
      if (!group) this.groups.set(groupKey, (group = { template, variables, run, pending: [], running: 0 }));
      group.pending.push({ entityId, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush() {
    this.scheduled = false;
    for (const [key, group] of this.groups) {
      const { maxSize } = group.template;
      // full batches at once; the rest waits for the group's running batch, if any
      while (group.pending.length >= maxSize || (group.pending.length > 0 && group.running === 0)) {
        void this.send(key, group, group.pending.splice(0, maxSize));
      }
      if (group.pending.length === 0 && group.running === 0) this.groups.delete(key);
    }
  }

  private async send(key: string, group: Group, batch: Pending[]): Promise<void> {
    group.running++;
    try {
      await this.runBatch(group, batch);
    } finally {
      group.running--;
      if (group.running === 0) {
        // what arrived meanwhile goes now (in the next turn, with whatever else is due)
        if (group.pending.length > 0) this.schedule();
        else if (this.groups.get(key) === group) this.groups.delete(key);
      }
    }
  }

  private async runBatch(group: Group, batch: Pending[]): Promise<void> {
    const { template } = group;
    const variables: Record<string, unknown> = { ...group.variables };
    batch.forEach((p, i) => (variables[`__e${i}`] = p.entityId));
    this.stats.batches++;
    this.stats.events += batch.length;
    let result: Payload;
    try {
      result = await group.run(template.query(batch.length), variables, template.operationName);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    if (batch.length > 1 && result.data == null && result.errors?.some((e) => e.extensions?.['code'] === ErrorCode.BAD_USER_INPUT)) {
      // over the operation limits as a batch: smaller ones from now on
      template.maxSize = Math.max(1, Math.min(template.maxSize, batch.length) >> 1);
      const smaller: Promise<void>[] = [];
      for (let i = 0; i < batch.length; i += template.maxSize) smaller.push(this.runBatch(group, batch.slice(i, i + template.maxSize)));
      await Promise.all(smaller);
      return;
    }
    batch.forEach((p, i) => p.resolve(splitResult(result, i, template.responseKey)));
  }
}

/** The part of a batch's result that is the i-th entity's, as if it had been resolved alone. */
export function splitResult(result: Payload, index: number, responseKey: string): Payload {
  const alias = `e${index}`;
  const errors: GraphQLFormattedError[] = [];
  for (const error of result.errors ?? []) {
    if (!error.path) errors.push(error);
    else if (error.path[0] === alias) errors.push({ ...error, path: [responseKey, ...error.path.slice(1)] });
  }
  return {
    data: result.data === null || result.data === undefined ? (result.data ?? null) : { [responseKey]: result.data[alias] ?? null },
    ...(errors.length > 0 ? { errors } : {}),
    ...(result.extensions ? { extensions: result.extensions } : {}),
  };
}
