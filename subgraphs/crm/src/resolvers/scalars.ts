import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from '@onegraph/errors';
import { formatDecimal, toMicros } from '../domain/decimal.ts';
import { dateOnly } from '../domain/dates.ts';

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

const parseDate = (value: unknown): string => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)) return value;
  }
  throw badInput('Date must be an ISO 8601 calendar date such as 2026-12-31');
};

/** Calendar days as `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (value) => (value instanceof Date || typeof value === 'string' ? dateOnly(value) : parseDate(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

const decimalInput = /^-?\d{1,12}(\.\d{1,4})?$/;
const parseDecimal = (value: unknown): string => {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!decimalInput.test(text)) throw badInput('Decimal must be a number with at most 12 digits before and 4 after the point, e.g. "1200.50"');
  return formatDecimal(toMicros(text), 4).replace(/\.?0+$/, '') || '0';
};
const decimalLiteral = (ast: ValueNode) => (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? parseDecimal(ast.value) : parseDecimal(undefined));

/** Exact decimals: strings in and out (numbers accepted on input), never floats. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (value) => formatDecimal(toMicros(value as string | number)),
  parseValue: parseDecimal,
  parseLiteral: decimalLiteral,
});
