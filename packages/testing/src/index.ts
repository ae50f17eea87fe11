export * from './kafka.ts';
export * from './graphql-client.ts';
