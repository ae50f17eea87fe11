export * from './metrics.ts';
export * from './bounded-names.ts';
export * from './readiness.ts';
export * from './routes.ts';
export * from './request-id.ts';
export * from './metered-bus.ts';
export type { Attributes } from '@opentelemetry/api';
export * from './config.ts';
export * from './service.ts';
