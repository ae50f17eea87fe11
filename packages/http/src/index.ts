export * from './apollo-handler.ts';
export * from './listen.ts';
export * from './drain.ts';
export * from './format-error.ts';
export * from './router.ts';
export * from './tracing.ts';
