import {
  Lexer,
  Source,
  TokenKind,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { GatewayContext } from '../context.ts';

/** What one operation may ask for. */
export interface OperationLimits {
  /** Nesting depth of selections (fragments flattened). */
  maxDepth: number;
  /** Aliases in the operation (alias bombs). */
  maxAliases: number;
  /** Directives in the operation. */
  maxDirectives: number;
  /** Lexical tokens of the document (parser cost). */
  maxTokens: number;
  /** Estimated cost: objects 2, scalars 1, multiplied by depth (GraphQL Armor's model). */
  maxCost: number;
}

/** Who is asking, as far as limits are concerned. Jarvis (an AI on a user's behalf) gets the tightest. */
export type LimitClass = 'user' | 'integration' | 'jarvis' | 'anonymous';

export const defaultLimits: Record<LimitClass, OperationLimits> = {
  user: { maxDepth: 12, maxAliases: 30, maxDirectives: 30, maxTokens: 5_000, maxCost: 5_000 },
  integration: { maxDepth: 10, maxAliases: 20, maxDirectives: 20, maxTokens: 3_000, maxCost: 3_000 },
  jarvis: { maxDepth: 6, maxAliases: 10, maxDirectives: 10, maxTokens: 1_500, maxCost: 1_000 },
  anonymous: { maxDepth: 12, maxAliases: 30, maxDirectives: 30, maxTokens: 5_000, maxCost: 5_000 },
};

/** The most generous token limit: what the parser itself is held to, before anyone is known. */
export const parserMaxTokens = (limits: Record<LimitClass, OperationLimits>) => Math.max(...Object.values(limits).map((l) => l.maxTokens));

function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (++count > max) break;
  }
  return count;
}

function rulesFor(limits: OperationLimits): ValidationRule[] {
  // reported to validate(), not thrown: we turn them into coded errors
  const common = {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  return [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...common }),
    maxAliasesRule({ n: limits.maxAliases, ...common }),
    maxDirectivesRule({ n: limits.maxDirectives, ...common }),
    costLimitRule({ maxCost: limits.maxCost, ...common }),
  ] as ValidationRule[];
}

/** Checks operations against the limits of their caller's class; verdicts are cached per (class, operation). */
export interface OperationLimiter {
  /** The errors (BAD_USER_INPUT) of an operation over its class's limits; none when within. `key` identifies the operation text (its hash, or the text). */
  check(schema: GraphQLSchema, document: DocumentNode, source: string, limitClass: LimitClass, key?: string): readonly GraphQLError[];
}

export function createOperationLimiter(limits: Record<LimitClass, OperationLimits>): OperationLimiter {
  const rules = Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, rulesFor(v)])) as Record<LimitClass, ValidationRule[]>;
  // verdicts hold for one schema: a new supergraph starts a new cache
  let verdictsOf = new WeakMap<GraphQLSchema, Map<string, readonly GraphQLError[]>>();
  const evaluate = (schema: GraphQLSchema, document: DocumentNode, source: string, limitClass: LimitClass): readonly GraphQLError[] => {
    const tokens = countTokens(source, limits[limitClass].maxTokens);
    if (tokens > limits[limitClass].maxTokens) {
      return [codedError(ErrorCode.BAD_USER_INPUT, `Operation has more than ${limits[limitClass].maxTokens} tokens`, { http: { status: 400 } })];
    }
    // `http` sets the response status and is not shown to clients
    return validate(schema, document, rules[limitClass]).map((e) =>
      codedError(ErrorCode.BAD_USER_INPUT, e.message.replace(/^Syntax Error: /, ''), { http: { status: 400 } }),
    );
  };
  return {
    check(schema, document, source, limitClass, key = source) {
      let verdicts = verdictsOf.get(schema);
      if (!verdicts) verdictsOf.set(schema, (verdicts = new Map()));
      const cacheKey = `${limitClass}:${key}`;
      let errors = verdicts.get(cacheKey);
      if (!errors) {
        errors = evaluate(schema, document, source, limitClass);
        if (verdicts.size > 10_000) {
          verdictsOf = new WeakMap();
          verdictsOf.set(schema, (verdicts = new Map()));
        }
        verdicts.set(cacheKey, errors);
      }
      return errors;
    },
  };
}

/**
 * Holds every operation to the limits of its caller's class, after Apollo
 * parsed and validated it and before anything is planned or fetched.
 * Verdicts are cached per (operation, class): a repeated operation costs a
 * map lookup, not a second validation. Subscriptions over graphql-ws are
 * held to the same limiter at subscribe time (subscriptions/admission.ts).
 */
export function operationLimitsPlugin(limiter: OperationLimiter, classOf: (context: GatewayContext) => LimitClass): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ schema }) {
      return {
        async didResolveOperation({ document, source, queryHash, contextValue }) {
          const errors = limiter.check(schema, document, source, classOf(contextValue), queryHash);
          if (errors.length > 0) throw errors[0];
        },
      };
    },
  };
}
