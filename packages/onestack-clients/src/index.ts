export * from './errors.ts';
export * from './integration-keys.ts';
export * from './product-client.ts';
export * from './endpoints.ts';
export * from './from-env.ts';
export * from './psa.ts';
export * from './books.ts';
export * from './portal.ts';
