export {
  callFirst,
  defineConsumer,
  ParkEvent,
  type ApplyHandler,
  type CallFirstHandler,
  type ConsumerDefinition,
  type EventOf,
  type Handler,
  type HandlerMeta,
  type Handlers,
} from './define.ts';
export { failedEventById, listFailedEvents, type FailedEvent, type FailedEventKind, type ListFailedEventsOptions } from './failed-events.ts';
export { consumerMigrations } from './migrations.ts';
export {
  createConsumerRuntime,
  type ConsumerRuntime,
  type ConsumerRuntimeLog,
  type ConsumerRuntimeOptions,
  type OpenTransaction,
  type RunningConsumers,
} from './runtime.ts';
export { PermanentEventError } from '@onegraph/bus';
