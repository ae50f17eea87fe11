export * from './principal.ts';
export * from './permissions.ts';
export * from './hub-token.ts';
export * from './internal-token.ts';
export * from './jarvis-token.ts';
export * from './dev-keys.ts';
export * from './integration-key.ts';
export * from './schema-authorization.ts';
