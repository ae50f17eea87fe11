import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '@onegraph/errors';

const parse = (value: unknown): Date => {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw badInput('DateTime must be an ISO 8601 date-time with a time zone');
  }
  return date;
};

/** ISO 8601 instants: Date or string in, UTC ISO string out. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : parse(value)).toISOString(),
  parseValue: parse,
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? parse(ast.value) : parse(undefined)),
});
