export * from './kafka.ts';
export * from './kafka-bus.ts';
export * from './graphql-client.ts';
export * from './arrivals.ts';
export * from './dead-letters.ts';
export * from './identity.ts';
export * from './postgres.ts';
export * from './dns-server.ts';
