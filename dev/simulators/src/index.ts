export * from './psa/psa-simulator.ts';
export * from './sim-http.ts';
export * from './m365/graph-simulator.ts';
export * from './voice/voice-simulator.ts';
export * from './books/books-simulator.ts';
export * from './portal/portal-simulator.ts';
export * from './hub/hub-simulator.ts';
