export * from './bus.ts';
export * from './envelope.ts';
export * from './events.ts';
export * from './topics.ts';
export * from './validate.ts';
export { PermanentEventError, type RawMessage } from './process.ts';
export { createMemoryBus, type MemoryBusOptions } from './memory-bus.ts';
export { createKafkaBus, type KafkaBusOptions } from './kafka-bus.ts';
export { createBus, type CreateBusOptions } from './create-bus.ts';
