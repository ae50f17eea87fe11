export * from './codes.ts';
export * from './graphql-errors.ts';
