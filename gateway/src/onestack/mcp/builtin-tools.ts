import {
  getNamedType,
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  Kind,
  parse,
  printType,
  validate,
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { Principal } from '@onegraph/auth';
import { ErrorCode } from '@onegraph/errors';
import type { JsonSchema } from './json-schema.ts';
import { forbiddenFields, mayRead, mayReadType, type FieldRules } from './permissions.ts';
import { toolError, toolResult, type ToolHandler } from './tool-call.ts';

/** A tool every caller gets (its rights still decide what it returns). */
export interface BuiltinTool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  handler: ToolHandler;
}

const queryInput: JsonSchema = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'A GraphQL document with one query operation (or name the one to run in operationName).' },
    variables: { type: 'object', description: "The operation's variables, by name." },
    operationName: { type: 'string', description: 'Which operation of the document to use, when it has several.' },
  },
  required: ['query'],
  additionalProperties: false,
};

/** Largest `search_schema` answer, in characters: sized for an agent's context. */
const SEARCH_BUDGET = 6_000;

/** The built-in tools' names (`run_query` only where it is on). */
export const BUILTIN_TOOL_NAMES = ['search_schema', 'validate_query', 'run_query'] as const;

/**
 * `search_schema`, `validate_query` and `run_query` (unless turned off).
 * `schemaOf` is the current API schema; `rules` the SDL's authorization rules.
 */
export function builtinTools(schemaOf: () => GraphQLSchema | undefined, rules: FieldRules, options: { runQuery: boolean }): BuiltinTool[] {
  const withSchema =
    (handler: (schema: GraphQLSchema, ...rest: Parameters<ToolHandler>) => ReturnType<ToolHandler>): ToolHandler =>
    async (args, context) => {
      const schema = schemaOf();
      if (!schema) return toolError(ErrorCode.SERVICE_UNAVAILABLE, 'The schema is not loaded yet: retry shortly');
      return handler(schema, args, context);
    };
  const tools: BuiltinTool[] = [
    {
      name: 'search_schema',
      description:
        'Finds the part of the graph that answers a question: give a few words (e.g. "deal stage probability"); get the matching types and fields as SDL with their descriptions, only what you may read. Start here before writing a query for run_query.',
      inputSchema: {
        type: 'object',
        properties: {
          words: { type: 'string', description: 'Words to look for in type and field names and descriptions.' },
          limit: { type: 'integer', minimum: 1, maximum: 20, default: 6, description: 'How many types at most.' },
        },
        required: ['words'],
        additionalProperties: false,
      },
      handler: withSchema(async (schema, args, { caller }) => {
        const words = String(args['words'])
          .toLowerCase()
          .split(/[^a-z0-9_]+/)
          .filter((w) => w.length > 1);
        if (words.length === 0) return toolError(ErrorCode.BAD_USER_INPUT, 'Give at least one word of two letters or more');
        const limit = typeof args['limit'] === 'number' ? args['limit'] : 6;
        const snippets = searchSchema(schema, rules, caller.principal, words, limit);
        const text = snippets.length ? snippets.map((s) => s.sdl).join('\n\n') : 'Nothing matches these words.';
        return { content: [{ type: 'text', text }], structuredContent: { matches: snippets } };
      }),
    },
    {
      name: 'validate_query',
      description:
        'Checks a GraphQL query without running it: against the schema, your permissions and your operation limits (depth, aliases, cost). Answers valid, or the errors to fix, each with its code.',
      inputSchema: queryInput,
      handler: withSchema(async (schema, args, { caller, operations }) => {
        const checked = check(schema, rules, caller.principal, String(args['query']));
        const errors = 'document' in checked ? [...operations.checkLimits(schema, checked.document, String(args['query']), caller.principal)] : checked.errors;
        const formatted = errors.map((e) => ({
          message: e.message,
          extensions: { code: e.extensions['code'] ?? ErrorCode.GRAPHQL_VALIDATION_FAILED, ...e.extensions },
        }));
        const text = formatted.length ? formatted.map((e) => `error ${String(e.extensions.code)}: ${e.message}`).join('\n') : 'valid';
        return { content: [{ type: 'text', text }], structuredContent: { valid: formatted.length === 0, errors: formatted } };
      }),
    },
  ];
  if (options.runQuery) {
    tools.push({
      name: 'run_query',
      description:
        'Runs an ad-hoc read-only GraphQL query with your identity, held to your operation limits; mutations and subscriptions are refused. Prefer the named tools when one fits; use search_schema to find fields.',
      inputSchema: queryInput,
      handler: async (args, { caller, operations }) => {
        const query = String(args['query']);
        const operationName = typeof args['operationName'] === 'string' ? args['operationName'] : undefined;
        let document: DocumentNode;
        try {
          document = parse(query);
        } catch (error) {
          return toolError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as Error).message);
        }
        const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        const chosen = operationName ? ops.find((d) => d.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
        if (!chosen)
          return toolError(ErrorCode.BAD_USER_INPUT, operationName ? `No operation named ${operationName}` : 'Send one operation, or name it in operationName');
        if (chosen.operation !== 'query') {
          return toolError(
            ErrorCode.BAD_USER_INPUT,
            `run_query runs read-only queries: a ${chosen.operation} is refused (write tools, where a deployment offers them, are listed by name)`,
          );
        }
        const variables = args['variables'];
        return toolResult(
          await operations.execute({ query, ...(operationName ? { operationName } : {}), ...(isRecord(variables) ? { variables } : {}) }, caller),
        );
      },
    });
  }
  return tools;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A document checked against the schema and the caller's rights: the document, or the errors. */
function check(schema: GraphQLSchema, rules: FieldRules, principal: Principal, query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { errors: [new GraphQLError((error as Error).message, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } })] };
  }
  const invalid = validate(schema, document);
  if (invalid.length) return { errors: invalid.map((e) => new GraphQLError(e.message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } })) };
  const forbidden = forbiddenFields(schema, document, rules, principal);
  if (forbidden.length) {
    return { errors: forbidden.map((f) => new GraphQLError(`Not allowed: ${f.field} needs ${f.needs}`, { extensions: { code: ErrorCode.FORBIDDEN } })) };
  }
  return { document };
}

interface Match {
  type: string;
  sdl: string;
  score: number;
}

/**
 * The types best matching the words, each printed as SDL with only its
 * readable fields (and, for a type matched by some of its fields, only
 * those), within the size budget.
 */
function searchSchema(schema: GraphQLSchema, rules: FieldRules, principal: Principal, words: readonly string[], limit: number): Omit<Match, 'score'>[] {
  const scoreOf = (name: string, description: string | null | undefined) => {
    const haystack = `${name} ${splitCamel(name)} ${description ?? ''}`.toLowerCase();
    return words.reduce((sum, word) => sum + (haystack.includes(word) ? (name.toLowerCase().includes(word) ? 3 : 1) : 0), 0);
  };
  const matches: Match[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || (isScalarType(type) && !type.astNode)) continue;
    if (!mayReadType(schema, rules, principal, type.name)) continue;
    const typeScore = scoreOf(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      const readable = Object.values(type.getFields()).filter((f) => mayRead(rules, principal, type.name, f.name));
      const scored = readable.map((f) => ({ f, score: scoreOf(f.name, f.description) }));
      const hits = scored.filter((s) => s.score > 0);
      const score = typeScore * 2 + hits.reduce((sum, s) => sum + s.score, 0);
      if (score === 0) continue;
      // a type matched by name shows all its readable fields; otherwise the matching ones
      const shown = typeScore > 0 ? readable : hits.map((h) => h.f);
      matches.push({ type: type.name, sdl: printObject(type, shown), score });
    } else if (typeScore > 0) {
      matches.push({ type: type.name, sdl: printNamed(type), score: typeScore * 2 });
    }
  }
  matches.sort((a, b) => b.score - a.score || a.type.localeCompare(b.type));
  const out: Omit<Match, 'score'>[] = [];
  let size = 0;
  for (const { type, sdl } of matches.slice(0, limit)) {
    if (size + sdl.length > SEARCH_BUDGET && out.length > 0) break;
    out.push({ type, sdl: sdl.length > SEARCH_BUDGET ? `${sdl.slice(0, SEARCH_BUDGET)}\n# … cut to fit` : sdl });
    size += sdl.length;
  }
  return out;
}

const splitCamel = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2');

const describe = (description: string | null | undefined, pad: string) => (description ? `${pad}"""${description.replace(/\s+/g, ' ').trim()}"""\n` : '');

function printObject(
  type: GraphQLNamedType & { getFields(): Record<string, GraphQLField<unknown, unknown>> },
  fields: readonly GraphQLField<unknown, unknown>[],
): string {
  const keyword = isInterfaceType(type) ? 'interface' : 'type';
  const lines = fields.map((f) => {
    const args = f.args.length
      ? `(${f.args.map((a) => `${a.name}: ${String(a.type)}${a.defaultValue !== undefined ? ` = ${JSON.stringify(a.defaultValue)}` : ''}`).join(', ')})`
      : '';
    return `${describe(f.description, '  ')}  ${f.name}${args}: ${String(f.type)}`;
  });
  return `${describe(type.description, '')}${keyword} ${type.name} {\n${lines.join('\n')}\n}`;
}

function printNamed(type: GraphQLNamedType): string {
  const named = getNamedType(type);
  if (isEnumType(named) || isInputObjectType(named) || isUnionType(named) || isScalarType(named)) return printType(named);
  return named.name;
}
