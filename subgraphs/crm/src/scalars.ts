import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from '@onegraph/errors';
import { formatDecimal, toMicros } from './core/decimal.ts';
import { dateOnly } from './core/dates.ts';

/*
 * Input scalars are read leniently: a string passes, and its format is checked
 * by the feature's input schema (its validation.ts), which answers BAD_USER_INPUT naming
 * the field. A scalar that threw here would fail the subgraph request as a
 * whole, which the gateway can only report as an internal error.
 */

const stringOf = (name: string, value: unknown): string => {
  if (typeof value === 'string') return value.trim();
  throw badInput(`${name} must be a string`);
};
const literal = (name: string, ast: ValueNode): string => stringOf(name, ast.kind === Kind.STRING ? ast.value : undefined);

/** An ISO 8601 instant; an unparseable one becomes an invalid Date, refused by validation. */
const parseDateTime = (value: unknown): Date => {
  const text = stringOf('DateTime', value);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(Number.NaN);
};

/** ISO 8601 instants: Date or string in, UTC ISO string out. */
export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literal('DateTime', ast)),
});

/** Calendar days as `YYYY-MM-DD` (checked by `calendarDate` in validation). */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => dateOnly(value as Date | string),
  parseValue: (value) => stringOf('Date', value),
  parseLiteral: (ast) => literal('Date', ast),
});

/** Exact decimals: strings in and out (numbers accepted on input), never floats; checked by `decimal` in validation. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (value) => formatDecimal(toMicros(value as string | number)),
  parseValue: (value) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : stringOf('Decimal', value)),
  parseLiteral: (ast) => (ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : literal('Decimal', ast)),
});
