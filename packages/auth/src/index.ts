export * from './principal.ts';
export * from './hub-token.ts';
export * from './internal-token.ts';
export * from './dev-keys.ts';
