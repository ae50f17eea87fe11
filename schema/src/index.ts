export * from './subgraphs.ts';
export { composeSupergraph } from './compose.ts';
