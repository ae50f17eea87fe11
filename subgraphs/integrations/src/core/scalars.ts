import { GraphQLScalarType } from 'graphql';

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
});

/** Output only here: amounts come from `numeric` columns as exact strings. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (value) => String(value),
});
